//! CASE 2021 task 2 (fine-grained event classification): each snippet's main event, coded by
//! the full analyzer, against its gold label. Weighted F1 over all labels and over the ACLED
//! labels (the 25 sub-event types, OTHER among them), a confusion list for `--errors`.

use crate::EvalError;
use std::collections::BTreeMap;

/// Labels of the CASE set that are not ACLED sub-event types.
pub const NON_CONFLICT: [&str; 5] = ["NATURAL_DISASTER", "MAN_MADE_DISASTER", "ORG_CRIME", "DIPLO", "ATTRIB"];

/// One labelled snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub id: String,
    pub text: String,
    pub label: String,
}

/// Read the set's TSV (`id`, `EventSnippet`, `SubType`, with a header).
pub fn read_snippets(tsv: &str, origin: &str) -> Result<Vec<Snippet>, EvalError> {
    let mut r =
        csv::ReaderBuilder::new().delimiter(b'\t').quoting(false).flexible(false).from_reader(tsv.as_bytes());
    let mut out = Vec::new();
    for row in r.records() {
        let row = row.map_err(|e| EvalError::Format { path: origin.into(), message: e.to_string() })?;
        let (Some(id), Some(text), Some(label)) = (row.get(0), row.get(1), row.get(2)) else {
            return Err(EvalError::Format {
                path: origin.into(),
                message: "expected id, EventSnippet, SubType".into(),
            });
        };
        out.push(Snippet { id: id.into(), text: text.into(), label: label.trim().into() });
    }
    Ok(out)
}

/// A snippet's gold label and the label of its coded main event (`None`: no event).
pub type Pair = (String, Option<String>);

/// Code each snippet with the full analyzer and pair its gold label with the model label of
/// its first (main) event, `None` when it got no event.
pub fn predict(analyzer: &eventwire_analyze::Analyzer, snippets: &[Snippet]) -> Vec<Pair> {
    snippets
        .iter()
        .map(|s| {
            let doc = eventwire_ingest::document_from_text(&s.id, None, &s.text);
            let a = analyzer.analyze(&doc, None);
            let label =
                a.events.first().map(|e| analyzer.coder().model_label(e).unwrap_or("OTHER").to_string());
            (s.label.clone(), label)
        })
        .collect()
}

/// Read the set at `path`, code it and score it. `Ok(None)` when the file is absent.
pub fn evaluate(
    analyzer: &eventwire_analyze::Analyzer,
    path: &std::path::Path,
) -> Result<Option<(CaseScores, Vec<Pair>)>, EvalError> {
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(path)
        .map_err(|source| EvalError::Read { path: path.display().to_string(), source })?;
    let snippets = read_snippets(&text, &path.display().to_string())?;
    let pairs = predict(analyzer, &snippets);
    Ok(Some((score(&pairs), pairs)))
}

/// Scores of predictions against gold labels.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CaseScores {
    pub snippets: usize,
    /// Weighted F1 over every gold label.
    pub weighted_f1: f64,
    /// Weighted F1 over the ACLED labels only (predictions of other labels count as misses).
    pub weighted_f1_acled: f64,
    pub accuracy: f64,
    /// Snippets given no event at all (scored as OTHER).
    pub no_event: usize,
    /// Gold non-conflict snippets given a conflict-scope event, and how many there are.
    pub non_conflict_as_conflict: usize,
    pub non_conflict: usize,
    /// Per gold label: (support, F1).
    pub per_label: BTreeMap<String, (usize, f64)>,
}

/// Score `(gold, predicted)` pairs; `predicted` is `None` when the snippet got no event.
pub fn score(pairs: &[Pair]) -> CaseScores {
    let pred = |p: &Option<String>| p.clone().unwrap_or_else(|| "OTHER".into());
    let mut labels: Vec<&str> = pairs.iter().map(|(g, _)| g.as_str()).collect();
    labels.sort_unstable();
    labels.dedup();
    let f1 = |l: &str| {
        let tp = pairs.iter().filter(|(g, p)| g == l && pred(p) == l).count();
        let gold = pairs.iter().filter(|(g, _)| g == l).count();
        let predicted = pairs.iter().filter(|(_, p)| pred(p) == l).count();
        let f = if tp == 0 { 0.0 } else { 2.0 * tp as f64 / (gold + predicted) as f64 };
        (gold, f)
    };
    let weighted = |keep: &dyn Fn(&str) -> bool| {
        let (mut num, mut den) = (0.0, 0usize);
        for l in labels.iter().filter(|l| keep(l)) {
            let (n, f) = f1(l);
            num += f * n as f64;
            den += n;
        }
        if den == 0 {
            0.0
        } else {
            num / den as f64
        }
    };
    let is_acled = |l: &str| !NON_CONFLICT.contains(&l);
    let non_conflict: Vec<_> = pairs.iter().filter(|(g, _)| !is_acled(g)).collect();
    CaseScores {
        snippets: pairs.len(),
        weighted_f1: weighted(&|_| true),
        weighted_f1_acled: weighted(&is_acled),
        accuracy: pairs.iter().filter(|(g, p)| *g == pred(p)).count() as f64 / pairs.len().max(1) as f64,
        no_event: pairs.iter().filter(|(_, p)| p.is_none()).count(),
        non_conflict_as_conflict: non_conflict
            .iter()
            .filter(|(_, p)| p.as_deref().is_some_and(|p| is_acled(p) && p != "OTHER"))
            .count(),
        non_conflict: non_conflict.len(),
        per_label: labels.iter().map(|l| (l.to_string(), f1(l))).collect(),
    }
}

/// Confusions (gold → predicted), most frequent first.
pub fn confusions(pairs: &[Pair]) -> Vec<(String, String, usize)> {
    let mut n: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (g, p) in pairs {
        let p = p.clone().unwrap_or_else(|| "(no event)".into());
        if *g != p {
            *n.entry((g.clone(), p)).or_default() += 1;
        }
    }
    let mut v: Vec<_> = n.into_iter().map(|((g, p), c)| (g, p, c)).collect();
    v.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(g: &str, x: Option<&str>) -> (String, Option<String>) {
        (g.to_string(), x.map(str::to_string))
    }

    #[test]
    fn weighted_f1_weighs_labels_by_their_support() {
        // A: 2 gold, both right; B: 1 gold, predicted A; disaster predicted as a conflict type.
        let pairs =
            [p("A", Some("A")), p("A", Some("A")), p("B", Some("A")), p("NATURAL_DISASTER", Some("A"))];
        let s = score(&pairs);
        let f_a = 2.0 * 2.0 / (2.0 + 4.0);
        assert!((s.weighted_f1 - f_a * 2.0 / 4.0).abs() < 1e-9, "{s:?}");
        assert!((s.weighted_f1_acled - f_a * 2.0 / 3.0).abs() < 1e-9, "{s:?}");
        assert_eq!((s.non_conflict, s.non_conflict_as_conflict), (1, 1));
        assert_eq!(confusions(&pairs)[0], ("B".into(), "A".into(), 1));
    }

    #[test]
    fn no_event_counts_as_other() {
        let s = score(&[p("OTHER", None), p("A", None)]);
        assert_eq!(s.no_event, 2);
        assert_eq!(s.per_label["OTHER"], (1, 2.0 / 3.0));
    }

    #[test]
    fn reads_the_tsv_and_names_bad_rows() {
        let s =
            read_snippets("id\tEventSnippet\tSubType\n1\tTroops shelled a town.\tART_MISS_ATTACK\n", "t.tsv")
                .unwrap();
        assert_eq!(s[0].label, "ART_MISS_ATTACK");
        assert!(read_snippets("id\tEventSnippet\tSubType\n1\tonly two\n", "t.tsv").is_err());
    }
}
