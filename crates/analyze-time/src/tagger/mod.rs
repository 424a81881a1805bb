//! The TIMEX3 tagger: a small hand-written grammar over word tokens, with its vocabulary in
//! `data/time/` ([`Lexicon`]). One left-to-right pass; at each token the longest expression
//! wins. Values are normalised against the document creation time (DCT), or written with
//! `X` placeholders when there is none.

mod absolute;
mod anchor;
mod clock;
mod context;
mod durations;
mod edges;
mod numbers;
mod phrases;
mod quarters;
mod relative;
mod scan;
mod seasons;
mod sets;
#[cfg(test)]
mod tests;
mod years;

use crate::civil::Date;
use crate::flags as fl;
use crate::lexicon::Lexicon;
use crate::roles::{self, Roles};
use crate::tokens::{tokenize_with, Kind, Tok};
use crate::words::{Lex, Phrase, PhraseKind};
use context::{longest, Cand, Ctx};
use eventwire_model::{TimeMention, TimexType};
use scan::Scan;

/// What a pass learnt of each start of [`Prep`] (by index in its starts), for a later pass
/// with another DCT.
#[derive(Debug, Default)]
pub(crate) struct Known {
    /// Matches nothing whatever the DCT.
    miss: Vec<bool>,
    /// Its match, the same whatever the DCT and the state.
    hit: Vec<Option<Cand>>,
}

/// A text tokenised and looked up once, for any number of tagging passes (the dating pass
/// without a DCT, then the pass against the chosen date).
#[derive(Debug)]
pub(crate) struct Prep<'a> {
    pub text: &'a str,
    /// `text` lower-cased (ASCII), same byte offsets.
    pub low: String,
    pub toks: Vec<Tok>,
    pub lx: Vec<&'a [Lex]>,
    pub ph: Vec<&'a [Phrase]>,
    /// Of each token, its flags (low 32 bits) and the roles of its word (`roles.tsv`, high 32
    /// bits): one vector, filled with one push per token.
    flags: Vec<u64>,
    /// Tokens that can begin an expression; the others are never parsed.
    starts: Vec<usize>,
}

impl<'a> Prep<'a> {
    pub(crate) fn new(lex: &'a Lexicon, text: &'a str) -> Prep<'a> {
        let low = text.to_ascii_lowercase();
        // News text has about one token per three bytes: the vectors rarely grow.
        let cap = text.len() / 2 + 8;
        let mut toks = Vec::with_capacity(cap);
        let mut lx: Vec<&[Lex]> = Vec::with_capacity(cap);
        let mut ph: Vec<&[Phrase]> = Vec::with_capacity(cap);
        let mut flags = Vec::with_capacity(cap);
        // Tokens with the START flag: the only ones the start filter must look at.
        let mut maybe = Vec::with_capacity(cap / 4);
        // Looked up as they are found: one pass over the text.
        tokenize_with(text, |t| {
            let (mut l, mut p, mut f, mut r): (&[Lex], &[Phrase], u32, Roles) = (&[], &[], 0, 0);
            if t.kind == Kind::Num {
                f = fl::NUM | fl::START;
            } else {
                let w = &low[t.start..t.end];
                if let Some(e) = lex.may_have(w).then(|| lex.index.get(w)).flatten() {
                    p = e.ph.as_slice();
                    r = e.roles;
                    if t.kind == Kind::Word {
                        l = e.lx.as_slice();
                        f = e.word_flags;
                    } else {
                        f = e.punct_flags;
                    }
                }
            }
            if f & fl::START != 0 {
                maybe.push(toks.len());
            }
            toks.push(t);
            lx.push(l);
            ph.push(p);
            flags.push(u64::from(f) | u64::from(r) << 32);
        });
        let scan = Scan { low: &low, toks: &toks, flags: &flags, lx: &lx, ph: &ph };
        let starts = maybe
            .into_iter()
            .filter(|&i| {
                // "the" is frequent: it starts only before a word that can continue an expression.
                if scan.f(i) & fl::THE != 0 && scan.f(i + 1) & (fl::NUM | fl::AFTER_THE) == 0 {
                    return false;
                }
                scan.may_start(i)
            })
            .collect();
        Prep { text, low, toks, lx, ph, flags, starts }
    }

    /// The roles (`roles.tsv`) of token `k`'s word.
    pub(crate) fn roles(&self, k: usize) -> Roles {
        self.flags.get(k).map_or(0, |x| (x >> 32) as Roles)
    }

    fn ctx(&self, dct: Option<Date>) -> Ctx<'_> {
        Ctx {
            low: &self.low,
            flags: &self.flags,
            lx: &self.lx,
            ph: &self.ph,
            toks: &self.toks,
            dct,
            ref_day: dct,
            ref_year: None,
            quarter: None,
            dct_sensitive: Default::default(),
            read_state: Default::default(),
        }
    }

    /// The time expressions, normalised against `dct`.
    pub(crate) fn tag(&self, dct: Option<Date>) -> Vec<TimeMention> {
        self.tag_with(dct, None).0
    }

    /// [`Prep::tag`], skipping the starts that `known` (from a pass with another DCT) proved
    /// empty and taking the matches it proved independent of the DCT; returns what this pass
    /// learnt.
    pub(crate) fn tag_with(&self, dct: Option<Date>, known: Option<&Known>) -> (Vec<TimeMention>, Known) {
        let text = self.text;
        let toks = &self.toks;
        let mut cx = self.ctx(dct);
        let mut out = Vec::new();
        let mut learnt = Known { miss: vec![false; self.starts.len()], hit: vec![None; self.starts.len()] };
        let mut i = 0;
        for (n, &s) in self.starts.iter().enumerate() {
            if s < i || known.is_some_and(|k| k.miss[n]) {
                continue;
            }
            i = s;
            let c = match known.and_then(|k| k.hit[n].clone()) {
                Some(c) => c,
                None => {
                    cx.dct_sensitive.set(false);
                    cx.read_state.set(false);
                    let Some(c) = cx.parse_at(i).filter(|c| c.end > i) else {
                        learnt.miss[n] = !cx.dct_sensitive.get();
                        continue;
                    };
                    if !cx.read_state.get() {
                        learnt.hit[n] = Some(c.clone());
                    }
                    c
                }
            };
            if let Some(q) = c.quarter {
                cx.quarter = Some(q);
            }
            if let Some(d) = c.day {
                cx.ref_day = Some(d);
            }
            if c.ty == TimexType::Date
                && c.value.len() >= 4
                && c.value.bytes().take(4).all(|b| b.is_ascii_digit())
            {
                cx.ref_year = c.value[..4].parse().ok();
            }
            let (s, e) = (toks[c.start].start, toks[c.end - 1].end);
            out.push(TimeMention {
                text: text[s..e].to_string(),
                start: s,
                end: e,
                timex_type: c.ty,
                value: c.value,
                r#mod: c.m,
            });
            i = c.end;
        }
        (out, learnt)
    }
}

#[cfg(test)]
pub(crate) fn tag(lex: &Lexicon, text: &str, dct: Option<Date>) -> Vec<TimeMention> {
    Prep::new(lex, text).tag(dct)
}

impl Ctx<'_> {
    fn parse_at(&self, i: usize) -> Option<Cand> {
        let mut best = self.core(i);
        // A modifier written before the expression ("more than two years", "around Nov. 1").
        if let Some((m, j, _)) = self.phrase_kind(i, |k| matches!(k, PhraseKind::Mod(_))) {
            if let Some(c) = self.core(j) {
                let weak = self.role(i, roles::WEAK_MODIFIER);
                let ok = !c.value.ends_with("_REF") && (!weak || (c.quantity && c.ty == TimexType::Duration));
                if ok {
                    let m = c.m.clone().unwrap_or(m);
                    best = longest(best, Some(Cand { start: i, ..c.with_mod(&m) }));
                }
            }
        }
        best
    }

    fn core(&self, i: usize) -> Option<Cand> {
        // `longest` in place: a candidate moves only when it wins.
        let mut best = self.phrase(i);
        let mut take = |c: Option<Cand>| {
            if let Some(c) = c {
                if best.as_ref().is_none_or(|b| c.end > b.end) {
                    best = Some(c);
                }
            }
        };
        take(self.edge(i));
        take(self.month_date(i));
        take(self.numeric_date(i));
        take(self.weekday_expr(i));
        take(self.deictic_expr(i));
        take(self.quantity(i));
        take(self.quarter_expr(i));
        take(self.year_expr(i));
        take(self.clock(i));
        take(self.season_expr(i));
        take(self.set_expr(i));
        let c = best?;
        Some(self.extend(c))
    }

    /// Extensions after a day: a part of the day ("Friday morning", "yesterday evening").
    fn extend(&self, mut c: Cand) -> Cand {
        if c.ty == TimexType::Date && c.day.is_some() && c.value.len() == 10 {
            if let Some(p) = self.part_of_day(c.end) {
                c.value = format!("{}T{p}", c.value);
                c.ty = TimexType::Time;
                c.end += 1;
            }
        }
        c
    }
}
