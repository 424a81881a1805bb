//! Articles composed from a pool of real sentences (the corpus of `eventwire bench corpus`,
//! from the project's own training texts and example articles): any number of distinct
//! wire-style articles, reproducible from a seed.
//!
//! Article `k` opens with pool sentences `k mod P` and a second one that, with the first,
//! determines `k`: texts are distinct for up to `P²` articles (before near-copies). Dates
//! spread over ten years, a few dozen outlets share the corpus, and about one article in
//! twenty is a near-copy of a recent one (a new lead on the same body, another outlet).

use super::Rng;
use serde::Serialize;

/// One generated article, with the fields the JSONL reader takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GenArticle {
    pub id: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub published: String,
    pub outlet: String,
    pub url: String,
    pub text: String,
}

/// Outlets the corpus shares (invented names on `.example` domains).
const OUTLETS: usize = 40;
/// First year of the publication dates; they spread over [`YEARS`] years.
const FIRST_YEAR: u64 = 2015;
const YEARS: u64 = 10;
/// One article in this many is a near-copy of a recent one.
const COPY_EVERY: u64 = 20;
/// How far back a near-copy's original lies, at most.
const COPY_WINDOW: u64 = 500;

/// The sentences articles are made of.
pub struct SentencePool {
    sentences: Vec<String>,
    seed: u64,
}

impl SentencePool {
    /// A pool of `sentences` (at least two), deduplicated in first-seen order.
    pub fn new(sentences: Vec<String>, seed: u64) -> Option<SentencePool> {
        let mut seen = std::collections::HashSet::new();
        let sentences: Vec<String> = sentences
            .into_iter()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| s.len() >= 30 && seen.insert(s.clone()))
            .collect();
        (sentences.len() >= 2).then_some(SentencePool { sentences, seed })
    }

    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    /// Never true: a pool holds at least two sentences.
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// Article number `k`.
    pub fn article(&self, k: u64) -> GenArticle {
        let mut rng = Rng(self.seed ^ k.wrapping_mul(0x2545_f491_4f6c_dd1d));
        if k > 0 && rng.below(COPY_EVERY) == 0 {
            let original = k - 1 - rng.below(k.min(COPY_WINDOW));
            let (mut order, _) = self.sentence_order(original);
            // A new lead: a sentence the original does not hold.
            let lead = (order[0] + 1 + rng.below(self.len() as u64 - 1) as usize) % self.len();
            order[0] = lead;
            let days = (self.day_number(original) + rng.below(3)).min(YEARS * 365 - 1);
            return self.compose(k, &order, days, rng.below(OUTLETS as u64) as usize);
        }
        let (order, mut rng) = self.sentence_order(k);
        let days = self.day_number(k);
        let outlet = rng.below(OUTLETS as u64) as usize;
        self.compose(k, &order, days, outlet)
    }

    /// The pool sentences of article `k` (its own, before any near-copy), and the generator
    /// left after drawing them.
    fn sentence_order(&self, k: u64) -> (Vec<usize>, Rng) {
        let p = self.len() as u64;
        let mut rng = Rng(self.seed.wrapping_add(k));
        let first = k % p;
        // With `first`, `second` gives back k / p (mod p): the pair is unique per article.
        let second = ((k / p) + first.wrapping_mul(7919) + 1) % p;
        let mut order = vec![first as usize, second as usize];
        let extra = 6 + rng.below(12); // 8–19 sentences, about 2 KB
        order.extend((0..extra).map(|_| rng.below(p) as usize));
        (order, rng)
    }

    /// Days since the first of January of [`FIRST_YEAR`] on which article `k` appeared.
    fn day_number(&self, k: u64) -> u64 {
        Rng(self.seed ^ k.rotate_left(17)).below(YEARS * 365)
    }

    fn compose(&self, k: u64, order: &[usize], days: u64, outlet: usize) -> GenArticle {
        let title: String = self.sentences[order[0]].split_whitespace().take(9).collect::<Vec<_>>().join(" ");
        let title = title.trim_end_matches([',', '.', ';', ':']).to_string();
        let mut text = title.clone();
        for (i, &s) in order.iter().enumerate() {
            text.push_str(if i % 3 == 0 { "\n\n" } else { " " });
            text.push_str(&self.sentences[s]);
        }
        let published = date_of(days);
        GenArticle {
            id: format!("gen-{k}"),
            url: format!("https://outlet{outlet:02}.example/{published}/gen-{k}"),
            outlet: format!("Outlet {outlet:02} News"),
            title,
            published,
            text,
        }
    }
}

/// `YYYY-MM-DD` of a day number counted from [`FIRST_YEAR`]-01-01.
fn date_of(days: u64) -> String {
    eventwire_fuse::dates::format_day(super::days_from(FIRST_YEAR as i64, 1, 1) + days as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(seed: u64) -> SentencePool {
        let sentences = (0..60)
            .map(|i| format!("Sentence number {i} says that something happened in the town on Monday."))
            .collect();
        SentencePool::new(sentences, seed).unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_corpus_and_another_seed_another() {
        let (a, b, c) = (pool(7), pool(7), pool(8));
        for k in 0..200 {
            assert_eq!(a.article(k), b.article(k));
        }
        assert!((0..200).any(|k| a.article(k).text != c.article(k).text));
    }

    #[test]
    fn texts_are_distinct_dates_spread_and_some_are_near_copies() {
        let p = pool(1);
        let n = 3_000; // below 60² = 3,600 articles that the first two sentences tell apart
        let arts: Vec<GenArticle> = (0..n).map(|k| p.article(k)).collect();
        let texts: std::collections::HashSet<&str> = arts.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts.len(), arts.len());
        let years: std::collections::HashSet<&str> = arts.iter().map(|a| &a.published[..4]).collect();
        assert_eq!(years.len(), YEARS as usize);
        let outlets: std::collections::HashSet<&str> = arts.iter().map(|a| a.outlet.as_str()).collect();
        assert_eq!(outlets.len(), OUTLETS);
        // A near-copy shares its body (all but the first paragraph's lead) with an earlier text.
        let bodies: Vec<&str> = arts.iter().map(|a| a.text.split_once(". ").map_or("", |b| b.1)).collect();
        let copies = (1..arts.len()).filter(|&k| bodies[..k].contains(&bodies[k])).count();
        assert!(copies > n as usize / 40 && copies < n as usize / 10, "{copies} near-copies");
    }

    #[test]
    fn dates_are_calendar_dates() {
        assert_eq!(date_of(0), "2015-01-01");
        assert_eq!(date_of(365 + 31 + 28), "2016-02-29");
        assert_eq!(date_of(365 + 366 - 1), "2016-12-31");
    }
}
