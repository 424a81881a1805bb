//! Counts: digits ("1,000", "5 1/2"), number words ("twenty-four"), "a", "a few", "several".

use super::context::Ctx;
use crate::roles;
use crate::tokens::Kind;

impl<'a> Ctx<'a> {
    /// A count: digits ("1,000", "1.5"), number words ("twenty-four"), "a", "a few", "several".
    /// Returns (value, None when vague; index after).
    pub(super) fn count(&self, i: usize) -> Option<(Option<f64>, usize)> {
        match self.w(i) {
            "a" | "an" => {
                if self.is(i + 1, "few") || self.is(i + 1, "couple") {
                    let e = if self.is(i + 2, "of") { i + 3 } else { i + 2 };
                    return Some((if self.is(i + 1, "couple") { Some(2.0) } else { None }, e));
                }
                if let Some(n) = self.number_words(i + 1) {
                    return Some((Some(n.0), n.1));
                }
                if self.is(i + 1, "half") {
                    return Some((Some(0.5), i + 2));
                }
                return Some((Some(1.0), i + 1));
            }
            _ if self.role(i, roles::VAGUE_COUNT) => return Some((None, i + 1)),
            "couple" if self.is(i + 1, "of") => return Some((Some(2.0), i + 2)),
            "half" => {
                let e = if self.is(i + 1, "a") || self.is(i + 1, "an") { i + 2 } else { i + 1 };
                return Some((Some(0.5), e));
            }
            _ => {}
        }
        if self.kind(i) == Some(Kind::Num) {
            let mut s = std::borrow::Cow::Borrowed(self.w(i));
            let mut e = i + 1;
            while matches!(self.w(e), "," | ".")
                && self.tight(e)
                && self.tight(e + 1)
                && self.kind(e + 1) == Some(Kind::Num)
            {
                let s = s.to_mut();
                if self.is(e, ",") {
                    s.push_str(self.w(e + 1));
                } else {
                    s.push('.');
                    s.push_str(self.w(e + 1));
                }
                e += 2;
            }
            let mut v: f64 = s.parse().ok()?;
            // "5 1/2"
            if self.kind(e) == Some(Kind::Num)
                && self.is(e + 1, "/")
                && self.tight(e + 1)
                && self.tight(e + 2)
            {
                if let (Some(a), Some(b)) = (self.num(e), self.num(e + 2)) {
                    if b > a && b > 0 {
                        v += f64::from(a) / f64::from(b);
                        e += 3;
                    }
                }
            }
            return Some((Some(v), e));
        }
        self.number_words(i).map(|(n, e)| (Some(n), e))
    }

    pub(super) fn number_words(&self, i: usize) -> Option<(f64, usize)> {
        let word_num = |k: usize| self.number_word(k);
        let mut total = 0u64;
        let mut cur = 0u64;
        let mut e = i;
        let mut any = false;
        while let Some(n) = word_num(e) {
            let n = u64::from(n);
            // "nineteen ninety-six" is a year, not a sum.
            if any && cur % 100 >= 10 && (10..100).contains(&n) {
                break;
            }
            if n == 100 || n == 1000 {
                cur = cur.max(1) * n;
                if n == 1000 {
                    total += cur;
                    cur = 0;
                }
            } else {
                cur += n;
            }
            any = true;
            e += 1;
            // "twenty-four", "twenty four"
            let joined = (self.is(e, "-") && self.tight(e)) || (self.is(e, "and") && cur >= 100);
            if joined && word_num(e + 1).is_some() {
                e += 1;
            }
        }
        any.then_some(((total + cur) as f64, e))
    }
}
