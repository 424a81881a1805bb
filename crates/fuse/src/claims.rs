//! Claims ledger: figures about the same subject side by side, with real disagreements
//! flagged apart from change over time.
//!
//! Subject = figure category + who is counted (fighters, security forces, civilians …) +
//! place. Two claims *disagree* when they come from different sources and
//! - they refer to the same period and their value ranges do not overlap, or
//! - the category is a running total (killed, wounded, displaced, returned) and a later
//!   total is below an earlier one: totals only grow.
//!
//! Stocks (fighters, troops, population) may go up or down between periods: that is change
//! over time. Values more than [`SCALE_RATIO`] apart are not compared: they almost always
//! count different things (one battle against a whole campaign).

use crate::dates;
use eventwire_model::FigureCategory;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

/// Values further apart than this factor count different things.
pub const SCALE_RATIO: f64 = 3.0;

/// One figure reported by one document. The caller names documents by its own ids (the store
/// uses its document ids): claims cite `doc`, and claims of one `group` (copies of one
/// another) never disagree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub doc: i64,
    /// Independence group of the document.
    pub group: i64,
    pub category: FigureCategory,
    pub what: String,
    pub place: Option<String>,
    pub value: Option<u64>,
    pub min: Option<u64>,
    pub max: Option<u64>,
    pub qualifier: String,
    pub claimant: Option<String>,
    /// The date the figure refers to (else the article date).
    pub as_of: Option<String>,
    /// Where the figure is quoted: code points of the document's source text.
    pub start: usize,
    pub end: usize,
    pub quote: String,
}

impl Claim {
    /// The range of values the claim allows, from its qualifier.
    pub fn range(&self) -> Option<(f64, f64)> {
        let q = self.qualifier.to_ascii_lowercase();
        if let (Some(lo), Some(hi)) = (self.min, self.max) {
            return Some((lo as f64, hi as f64));
        }
        let v = self.value.or(self.min).or(self.max)? as f64;
        Some(match q.as_str() {
            "at_least" | "more_than" | "over" | "above" | "min" => (v, f64::INFINITY),
            "at_most" | "up_to" | "less_than" | "under" | "fewer_than" | "below" | "max" => (0.0, v),
            "about" | "around" | "approximately" | "roughly" | "some" | "estimated" | "approx" => {
                (v * 0.85, v * 1.15)
            }
            "nearly" | "almost" | "close_to" => (v * 0.85, v),
            _ => (v, v),
        })
    }

    /// `at least 1,000`, `200–300`, `about 4,000`.
    pub fn value_text(&self) -> String {
        let q = self.qualifier.to_ascii_lowercase();
        if let (Some(lo), Some(hi)) = (self.min, self.max) {
            return format!("{}–{}", thousands(lo), thousands(hi));
        }
        let v = self.value.or(self.min).or(self.max).map(thousands).unwrap_or_else(|| "?".into());
        let word = match q.as_str() {
            "exact" | "" => "",
            "at_least" | "min" => "at least ",
            "more_than" | "over" | "above" => "more than ",
            "at_most" | "max" => "at most ",
            "up_to" => "up to ",
            "less_than" | "under" | "fewer_than" | "below" => "fewer than ",
            "nearly" | "almost" | "close_to" => "nearly ",
            _ => "about ",
        };
        format!("{word}{v}")
    }

    fn period(&self) -> Option<String> {
        self.as_of.as_deref().and_then(dates::period_key)
    }

    fn day(&self) -> Option<i64> {
        self.as_of.as_deref().and_then(dates::interval).map(|w| w.1)
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    let lead = s.len() % 3;
    for (i, c) in s.chars().enumerate() {
        // A comma before each group of three digits counted from the right.
        if i > 0 && i % 3 == lead {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn is_running_total(c: FigureCategory) -> bool {
    matches!(
        c,
        FigureCategory::Killed
            | FigureCategory::Wounded
            | FigureCategory::Displaced
            | FigureCategory::Returned
    )
}

/// Subject classes (`data/fuse/subject_classes.tsv`), in file order, loaded once. Entries in
/// `$EVENTWIRE_DATA/fuse/subject_classes.tsv` extend them.
fn subject_classes() -> &'static [(String, Vec<String>)] {
    static CLASSES: OnceLock<Vec<(String, Vec<String>)>> = OnceLock::new();
    CLASSES.get_or_init(|| {
        let mut classes: Vec<(String, Vec<String>)> = Vec::new();
        let user = std::env::var_os("EVENTWIRE_DATA")
            .and_then(|d| std::fs::read_to_string(Path::new(&d).join("fuse/subject_classes.tsv")).ok());
        let files = [include_str!("../../../data/fuse/subject_classes.tsv")];
        for text in files.iter().copied().chain(user.as_deref()) {
            for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
                let Some((class, words)) = line.split_once('\t') else { continue };
                let words = words.split_whitespace().map(str::to_lowercase);
                match classes.iter_mut().find(|(c, _)| c == class.trim()) {
                    Some((_, list)) => list.extend(words),
                    None => classes.push((class.trim().to_string(), words.collect())),
                }
            }
        }
        classes
    })
}

/// Who a figure counts, as a coarse class, from the words of `what`.
pub fn who_class(what: &str) -> String {
    let lower = what.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if let Some((class, _)) =
        subject_classes().iter().find(|(_, list)| words.iter().any(|w| list.iter().any(|x| x == w)))
    {
        class.clone()
    } else {
        // Unknown class: the content words themselves, so unrelated counts stay apart.
        let mut w: Vec<&str> = words
            .into_iter()
            .filter(|w| w.len() > 2 && !w.bytes().all(|b| b.is_ascii_digit()))
            .filter(|w| !["the", "and", "for", "from", "with", "who", "were", "have", "been"].contains(w))
            .collect();
        w.sort_unstable();
        w.dedup();
        w.join(" ")
    }
}

/// The words that say what is counted: `what`, or the quote when `what` is empty.
pub fn counted<'a>(what: &'a str, quote: &'a str) -> &'a str {
    if what.trim().is_empty() {
        quote
    } else {
        what
    }
}

/// Subject key of a claim: `killed|fighters|mosul`.
pub fn subject_key(category: FigureCategory, what: &str, place: Option<&str>) -> String {
    let cat = serde_plain_category(category);
    format!("{cat}|{}|{}", who_class(what), place.map(|p| p.trim().to_lowercase()).unwrap_or_default())
}

/// The snake_case name of a category.
pub fn serde_plain_category(c: FigureCategory) -> &'static str {
    match c {
        FigureCategory::Killed => "killed",
        FigureCategory::Wounded => "wounded",
        FigureCategory::Displaced => "displaced",
        FigureCategory::Returned => "returned",
        FigureCategory::Fighters => "fighters",
        FigureCategory::Troops => "troops",
        FigureCategory::Population => "population",
        FigureCategory::Other => "other",
    }
}

/// Why two claims are in conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Same subject and period, incompatible values.
    SamePeriod,
    /// A running total reported lower than an earlier one.
    TotalDecreased,
}

/// Two claims that cannot both be right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    /// Indexes into the subject's [`Subject::claims`] (earlier first).
    pub a: usize,
    pub b: usize,
    pub kind: ConflictKind,
}

/// All claims about one subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    pub key: String,
    pub category: FigureCategory,
    pub place: Option<String>,
    /// A readable label, e.g. "killed: fighters in Mosul".
    pub label: String,
    /// Claims ordered by as-of date.
    pub claims: Vec<Claim>,
    pub disagreements: Vec<Disagreement>,
    /// True when the values differ across periods (and that is not a disagreement).
    pub changes_over_time: bool,
}

fn comparable(a: (f64, f64), b: (f64, f64)) -> bool {
    // Use the finite ends: an open-ended "at least 1,000" compares by 1,000.
    let rep = |r: (f64, f64)| if r.1.is_finite() { (r.0 + r.1) / 2.0 } else { r.0 };
    let (x, y) = (rep(a).max(1.0), rep(b).max(1.0));
    x.max(y) / x.min(y) <= SCALE_RATIO
}

fn disagreement(a: &Claim, b: &Claim) -> Option<ConflictKind> {
    if a.group == b.group {
        return None;
    }
    // The same claimant revising its own count is an update, not a dispute.
    if let (Some(x), Some(y)) = (&a.claimant, &b.claimant) {
        if x.eq_ignore_ascii_case(y) {
            return None;
        }
    }
    let (ra, rb) = (a.range()?, b.range()?);
    if !comparable(ra, rb) {
        return None;
    }
    let (pa, pb) = (a.period(), b.period());
    if pa.is_some() && pa == pb {
        let disjoint = ra.1 < rb.0 || rb.1 < ra.0;
        return disjoint.then_some(ConflictKind::SamePeriod);
    }
    if is_running_total(a.category) {
        let (da, db) = (a.day()?, b.day()?);
        let (early, late) = if da <= db { (ra, rb) } else { (rb, ra) };
        if late.1 < early.0 {
            return Some(ConflictKind::TotalDecreased);
        }
    }
    None
}

/// Group claims by subject and find disagreements. Output is sorted by subject key; within a
/// subject, claims are ordered by as-of date, ties kept in the order given.
pub fn ledger(claims: Vec<Claim>) -> Vec<Subject> {
    let mut by: BTreeMap<String, Vec<Claim>> = BTreeMap::new();
    for c in claims {
        by.entry(subject_key(c.category, counted(&c.what, &c.quote), c.place.as_deref()))
            .or_default()
            .push(c);
    }
    by.into_iter()
        .map(|(key, mut cs)| {
            // Stable: claims of one day keep the caller's order.
            cs.sort_by_key(|c| c.day().unwrap_or(i64::MAX));
            let mut disagreements = Vec::new();
            for i in 0..cs.len() {
                for j in i + 1..cs.len() {
                    if let Some(kind) = disagreement(&cs[i], &cs[j]) {
                        disagreements.push(Disagreement { a: i, b: j, kind });
                    }
                }
            }
            let mut periods: Vec<String> = cs.iter().filter_map(Claim::period).collect();
            periods.sort();
            periods.dedup();
            let values: Vec<String> = cs.iter().map(Claim::value_text).collect();
            let changes_over_time = periods.len() > 1 && values.iter().any(|v| v != &values[0]);
            let first = &cs[0];
            let who = who_class(counted(&first.what, &first.quote));
            let label = match &first.place {
                Some(p) => format!("{}: {who} in {p}", serde_plain_category(first.category)),
                None => format!("{}: {who}", serde_plain_category(first.category)),
            };
            Subject {
                key,
                category: first.category,
                place: first.place.clone(),
                label,
                claims: cs,
                disagreements,
                changes_over_time,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(
        row: i64,
        cat: FigureCategory,
        what: &str,
        q: &str,
        v: (u64, u64),
        who: &str,
        as_of: &str,
    ) -> Claim {
        let (value, min, max) =
            if v.0 == v.1 { (Some(v.0), None, None) } else { (None, Some(v.0), Some(v.1)) };
        Claim {
            doc: row,
            group: row,
            category: cat,
            what: what.into(),
            place: Some("Tel Hamra".into()),
            value,
            min,
            max,
            qualifier: q.into(),
            claimant: Some(who.into()),
            as_of: Some(as_of.into()),
            start: 0,
            end: 0,
            quote: String::new(),
        }
    }

    #[test]
    fn a_running_total_that_shrinks_is_a_disagreement() {
        let l = ledger(vec![
            claim(
                1,
                FigureCategory::Killed,
                "militants",
                "at_least",
                (1000, 1000),
                "army commanders",
                "2016-12-04",
            ),
            claim(
                2,
                FigureCategory::Killed,
                "insurgents",
                "exact",
                (980, 980),
                "the defence ministry",
                "2017-05-20",
            ),
        ]);
        assert_eq!(l.len(), 1, "{l:#?}");
        assert_eq!(l[0].disagreements, vec![Disagreement { a: 0, b: 1, kind: ConflictKind::TotalDecreased }]);
    }

    #[test]
    fn a_stock_that_shrinks_between_periods_is_change_over_time() {
        let l = ledger(vec![
            claim(1, FigureCategory::Fighters, "fighters", "about", (4000, 4000), "an adviser", "2016-12-04"),
            claim(2, FigureCategory::Fighters, "militants", "range", (200, 300), "a general", "2017-06-30"),
        ]);
        assert_eq!(l.len(), 1);
        assert!(l[0].disagreements.is_empty());
        assert!(l[0].changes_over_time);
    }

    #[test]
    fn same_period_incompatible_values_disagree_but_overlapping_ones_do_not() {
        let a =
            claim(1, FigureCategory::Displaced, "people", "more_than", (34000, 34000), "IOM", "2016-11-07");
        let b = claim(
            2,
            FigureCategory::Displaced,
            "residents",
            "exact",
            (20000, 20000),
            "officials",
            "2016-11-09",
        );
        let c = claim(3, FigureCategory::Displaced, "civilians", "about", (36000, 36000), "UN", "2016-11-10");
        let l = ledger(vec![a, b, c]);
        assert_eq!(l.len(), 1);
        let pairs: Vec<(usize, usize)> = l[0].disagreements.iter().map(|d| (d.a, d.b)).collect();
        assert_eq!(pairs, vec![(0, 1), (1, 2)]);
        assert!(l[0].disagreements.iter().all(|d| d.kind == ConflictKind::SamePeriod));
    }

    #[test]
    fn different_scales_subjects_and_same_claimant_are_not_compared() {
        let big = claim(
            1,
            FigureCategory::Killed,
            "fighters",
            "at_least",
            (1000, 1000),
            "commanders",
            "2016-12-01",
        );
        let battle = claim(
            2,
            FigureCategory::Killed,
            "jihadist fighters",
            "range",
            (15, 20),
            "an officer",
            "2017-06-29",
        );
        let soldiers =
            claim(3, FigureCategory::Killed, "soldiers", "exact", (400, 400), "the UN", "2017-06-29");
        let mut revised =
            claim(4, FigureCategory::Killed, "fighters", "exact", (700, 700), "commanders", "2017-01-01");
        revised.group = 4;
        let l = ledger(vec![big, battle, soldiers, revised]);
        assert_eq!(l.len(), 2);
        assert!(l.iter().all(|s| s.disagreements.is_empty()), "{l:#?}");
    }

    #[test]
    fn copies_do_not_disagree_with_their_original() {
        let a = claim(1, FigureCategory::Killed, "civilians", "exact", (12, 12), "police", "2016-12-01");
        let mut b = claim(2, FigureCategory::Killed, "civilians", "exact", (9, 9), "medics", "2016-12-01");
        b.group = 1;
        assert!(ledger(vec![a, b])[0].disagreements.is_empty());
    }

    #[test]
    fn value_text_and_thousands() {
        let c = claim(1, FigureCategory::Killed, "x", "at_least", (1000, 1000), "y", "2016");
        assert_eq!(c.value_text(), "at least 1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(12), "12");
    }

    #[test]
    fn subjects_fall_into_the_classes_of_the_data_file() {
        assert_eq!(who_class("IS fighters in Mosul"), "fighters");
        assert_eq!(who_class("Iraqi soldiers"), "forces");
        assert_eq!(who_class("civilians who fled"), "people");
        // No class word: the content words keep unrelated counts apart.
        assert_eq!(who_class("water treatment plants"), "plants treatment water");
    }
}
