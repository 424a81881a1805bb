//! The trained classifier: labels, a bias per label, and sparse per-feature weights, read from
//! and written to a readable text file.
//!
//! File format (UTF-8, `#` lines are comments):
//! ```text
//! labels<TAB>ARMED_CLASH AIR_STRIKE ...
//! bias<TAB>0:-0.41 1:0.12 ...
//! w:shelled<TAB>3:1.204 7:-0.318
//! ```
//! Each weight line names a feature (see [`crate::features`]) and its non-zero weights as
//! `label-index:weight`.

use crate::features;
use crate::ClassifyError;
use rustc_hash::FxHashMap;
use std::fmt::Write as _;

/// A sparse multinomial logistic-regression model.
#[derive(Debug, Clone, PartialEq)]
pub struct Classifier {
    pub(crate) labels: Vec<String>,
    pub(crate) bias: Vec<f32>,
    /// Every feature's (label index, weight) pairs, one feature after another in file order:
    /// one allocation for the whole model, not one per feature.
    pub(crate) table: Vec<(u16, f32)>,
    /// Feature names in file order and their weights, for writing the model back.
    pub(crate) names: Vec<(String, Weights)>,
    /// Feature hash → its row in `rows`.
    pub(crate) weights: FxHashMap<u64, u32>,
    /// Each feature's weights as a dense row of one weight per label (0 where the file has
    /// none): a text's sums add whole rows, a few vector additions per feature. Adding 0 leaves
    /// a sum as it was (a sum that starts at +0 is never -0), so the sums equal the sparse ones.
    pub(crate) rows: Vec<f32>,
}

/// Where a feature's weights lie in [`Classifier::table`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Weights {
    start: u32,
    end: u32,
}

impl Classifier {
    /// A model with no features yet: labels and bias only.
    pub(crate) fn new(labels: Vec<String>, bias: Vec<f32>) -> Classifier {
        let (table, names, weights, rows) = Default::default();
        Classifier { labels, bias, table, names, weights, rows }
    }

    /// Adds feature `name` (of hash `h`) with the weights pushed to `table` since `start`;
    /// the label index of a weight given twice, if any (two weights would not add up to
    /// one in the same rounding, so a dense row cannot hold them).
    pub(crate) fn add_feature(&mut self, name: String, h: u64, start: usize) -> Result<(), u16> {
        let w = Weights { start: start as u32, end: self.table.len() as u32 };
        let width = self.labels.len();
        let row = self.rows.len();
        self.rows.resize(row + width, 0.0);
        for &(k, x) in &self.table[start..] {
            let cell = &mut self.rows[row + k as usize];
            if *cell != 0.0 {
                return Err(k);
            }
            *cell = x;
        }
        self.weights.insert(h, (row / width.max(1)) as u32);
        self.names.push((name, w));
        Ok(())
    }

    /// Adds feature `name` (of hash `h`) and its weights (each label once).
    pub(crate) fn push_feature(&mut self, name: String, h: u64, ws: &[(u16, f32)]) {
        let start = self.table.len();
        self.table.extend_from_slice(ws);
        self.add_feature(name, h, start).expect("one weight per label");
    }

    pub(crate) fn weights_of(&self, w: Weights) -> &[(u16, f32)] {
        &self.table[w.start as usize..w.end as usize]
    }
}

/// The summed feature weights of a text, per label, and how many features it has.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FeatureSums {
    z: Vec<f32>,
    n: usize,
}

impl FeatureSums {
    /// Add the sums of another text (of the same classifier).
    pub fn add(&mut self, other: &FeatureSums) {
        if self.z.len() < other.z.len() {
            self.z.resize(other.z.len(), 0.0);
        }
        for (a, b) in self.z.iter_mut().zip(&other.z) {
            *a += b;
        }
        self.n += other.n;
    }
}

/// A label and its probability.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored<'a> {
    pub label: &'a str,
    pub probability: f32,
}

impl Classifier {
    /// The labels, in the model's order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Probability of every label for `text`, best first (ties in label order).
    pub fn scores(&self, text: &str) -> Vec<Scored<'_>> {
        let z = self.probabilities(text);
        let mut out: Vec<Scored<'_>> =
            self.labels.iter().zip(&z).map(|(label, p)| Scored { label, probability: *p }).collect();
        out.sort_by(|a, b| b.probability.total_cmp(&a.probability));
        out
    }

    /// Probability of each label for `text`, in the order of [`labels`](Self::labels).
    pub fn probabilities(&self, text: &str) -> Vec<f32> {
        self.probabilities_of(&self.feature_sums(text))
    }

    /// The summed weights of `text`'s features, before scaling: the sums of several texts
    /// add up ([`FeatureSums::add`]) to those of the texts read together, but for the bigram
    /// that spans each join.
    pub fn feature_sums(&self, text: &str) -> FeatureSums {
        let mut z = vec![0f32; self.bias.len()];
        let n = features::for_each_hash(text, |h| {
            if let Some(&r) = self.weights.get(&h) {
                let width = z.len();
                for (s, w) in z.iter_mut().zip(&self.rows[r as usize * width..][..width]) {
                    *s += w;
                }
            }
        });
        FeatureSums { z, n }
    }

    /// Probability of each label from a text's [`FeatureSums`].
    pub fn probabilities_of(&self, sums: &FeatureSums) -> Vec<f32> {
        // Every feature takes the same value: scale the sums once.
        let x = features::value(sums.n);
        let mut z: Vec<f32> = sums.z.iter().zip(&self.bias).map(|(v, b)| v * x + b).collect();
        let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut sum = 0.0;
        for v in &mut z {
            *v = (*v - max).exp();
            sum += *v;
        }
        for v in &mut z {
            *v /= sum;
        }
        z
    }

    /// The most probable label of `text` and its probability.
    pub fn predict(&self, text: &str) -> Scored<'_> {
        self.scores(text).swap_remove(0)
    }

    /// Read a model written by [`write`](Self::write). `origin` names the file in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Classifier, ClassifyError> {
        let bad =
            |line: usize, message: String| ClassifyError::Model { origin: origin.into(), line, message };
        let mut m = Classifier::new(Vec::new(), Vec::new());
        // About one weight per 10 bytes of file, and a feature per line of 100 bytes or more.
        m.table.reserve(text.len() / 10);
        m.weights.reserve(text.len() / 100);
        m.rows.reserve(text.len() / 100 * 32);
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, rest) = line.split_once('\t').ok_or_else(|| bad(n, "expected a tab".into()))?;
            if key == "labels" {
                if !m.labels.is_empty() {
                    return Err(bad(n, "a second labels line".into()));
                }
                m.labels = rest.split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect();
                continue;
            }
            let n_labels = m.labels.len();
            if n_labels == 0 {
                return Err(bad(n, "the labels line must come first".into()));
            }
            let start = m.table.len();
            for part in parts(rest) {
                let parsed = parse_weight(part).filter(|(k, w)| (*k as usize) < n_labels && w.is_finite());
                m.table.push(parsed.ok_or_else(|| bad(n, format!("bad weight {part:?}")))?);
            }
            if key == "bias" {
                m.bias = vec![0.0; n_labels];
                for (k, w) in m.table.drain(start..) {
                    m.bias[k as usize] = w;
                }
                continue;
            }
            let h = features::hash_of_name(key).ok_or_else(|| bad(n, format!("unknown feature {key:?}")))?;
            m.add_feature(key.to_string(), h, start)
                .map_err(|k| bad(n, format!("label {k} has two weights in {key:?}")))?;
        }
        if m.labels.is_empty() {
            return Err(bad(0, "no labels line".into()));
        }
        if m.bias.is_empty() {
            m.bias = vec![0.0; m.labels.len()];
        }
        Ok(m)
    }

    /// The model as text, in the format [`parse`](Self::parse) reads. Same model, same bytes.
    pub fn write(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            let _ = writeln!(out, "# {line}");
        }
        let _ = writeln!(out, "labels\t{}", self.labels.join(" "));
        let bias: Vec<(u16, f32)> = self.bias.iter().enumerate().map(|(k, w)| (k as u16, *w)).collect();
        write_weights(&mut out, "bias", &bias);
        for (name, ws) in &self.names {
            write_weights(&mut out, name, self.weights_of(*ws));
        }
        out
    }
}

/// The non-empty space-separated parts of `s` (a byte loop: most parts are ten bytes long,
/// too short for `str::split`'s search to pay off).
fn parts(s: &str) -> impl Iterator<Item = &str> {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i] != b' ' {
            i += 1;
        }
        // Spaces are ASCII: both ends lie on character boundaries.
        (i > start).then(|| &s[start..i])
    })
}

/// A `label-index:weight` part.
fn parse_weight(part: &str) -> Option<(u16, f32)> {
    let colon = part.bytes().position(|b| b == b':')?;
    Some((part[..colon].parse().ok()?, parse_f32(&part[colon + 1..])?))
}

/// `s` read as an `f32`, as `str::parse` reads it. The weights file writes plain decimals
/// ("-0.3180"); these take a short path that gives the same value, and anything else goes to
/// `str::parse`. Start-up reads some 700,000 weights, and the general parser was most of it.
fn parse_f32(s: &str) -> Option<f32> {
    decimal_f32(s).or_else(|| s.parse().ok())
}

/// A plain decimal (`-`? digits `.` up to 8 digits, below 2^24) read exactly: its digits as
/// an integer n and its scale 10^d are exact in `f64`, so n / 10^d is that decimal rounded
/// once to `f64`, within 2^-53 of it. A value with at most 8 decimals lies at least
/// 2^-28 of an `f32` step away from any halfway point between two `f32`s (or on one, and then
/// exact in `f64`), so rounding the quotient to `f32` rounds the decimal itself: the value
/// `str::parse` gives.
fn decimal_f32(s: &str) -> Option<f32> {
    let (negative, digits) = match s.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    let dot = digits.iter().position(|&b| b == b'.')?;
    let (int, frac) = (&digits[..dot], &digits[dot + 1..]);
    if int.is_empty() || int.len() > 7 || frac.is_empty() || frac.len() > 8 {
        return None;
    }
    let mut n: u64 = 0;
    for &b in int.iter().chain(frac) {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(b - b'0');
    }
    const SCALE: [u64; 9] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];
    let scale = SCALE[frac.len()];
    if n >= (1 << 24) * scale {
        return None;
    }
    let v = (n as f64 / scale as f64) as f32;
    Some(if negative { -v } else { v })
}

fn write_weights(out: &mut String, key: &str, ws: &[(u16, f32)]) {
    out.push_str(key);
    out.push('\t');
    for (i, (k, w)) in ws.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{k}:{w:.4}");
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {

    #[test]
    fn probabilities_from_feature_sums_are_those_of_the_text() {
        let m =
            Classifier::parse("labels\tA B\nbias\t0:0.5\nw:shelled\t1:2.0\nw:talks\t0:1.5\n", "t").unwrap();
        let t = "Troops shelled the town.";
        assert_eq!(m.probabilities_of(&m.feature_sums(t)), m.probabilities(t));
        let mut both = m.feature_sums(t);
        both.add(&m.feature_sums("Talks resumed."));
        let p = m.probabilities_of(&both);
        // The second text speaks for label A: reading both raises it.
        assert!(p[0] > m.probabilities(t)[0], "{p:?}");
    }

    use super::*;

    #[test]
    fn decimals_read_as_the_general_parser_reads_them() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..200_000 {
            let r = next();
            let decimals = (r % 9) as usize;
            let int = (r >> 8) % [1, 10, 100, 100_000, 16_777_216][(r >> 4) as usize % 5];
            let frac = (r >> 40) % 10u64.pow(decimals as u32);
            let sign = if r & 1 == 1 { "-" } else { "" };
            let s =
                if decimals == 0 { format!("{sign}{int}") } else { format!("{sign}{int}.{frac:0decimals$}") };
            let want: f32 = s.parse().unwrap();
            assert_eq!(parse_f32(&s).map(f32::to_bits), Some(want.to_bits()), "{s}");
        }
        for s in ["0.0000", "-0.0000", "1e3", "1.5e-3", ".5", "5.", "16777216.5", "inf", "NaN", "0.123456789"]
        {
            assert_eq!(parse_f32(s).map(f32::to_bits), s.parse::<f32>().ok().map(f32::to_bits), "{s}");
        }
        for s in ["", "-", "1.2.3", "1,5", "--1.0", "1.0x"] {
            assert_eq!(parse_f32(s), None, "{s}");
        }
    }

    #[test]
    fn the_shipped_weights_read_as_the_general_parser_reads_them() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/events/model/event_types.tsv");
        let text = std::fs::read_to_string(path).unwrap();
        let mut seen = 0;
        for line in text.lines().filter(|l| !l.starts_with('#') && !l.starts_with("labels")) {
            for w in line.split(['\t', ' ']).filter_map(|p| p.split_once(':')).map(|(_, w)| w) {
                assert_eq!(parse_f32(w).map(f32::to_bits), w.parse::<f32>().ok().map(f32::to_bits), "{w}");
                seen += 1;
            }
        }
        assert!(seen > 1000, "{seen}");
    }

    const MODEL: &str =
        "# test model\nlabels\tA B\nbias\t0:0.5 1:-0.5\nw:shelled\t1:6.0\nb:opened_fire\t0:2.0\n";

    #[test]
    fn parses_scores_and_writes_back() {
        let m = Classifier::parse(MODEL, "test").unwrap();
        assert_eq!(m.labels(), ["A", "B"]);
        assert_eq!(m.predict("Troops shelled the town").label, "B");
        assert_eq!(m.predict("Nothing here").label, "A");
        let s = m.scores("They opened fire");
        assert!((s.iter().map(|x| x.probability).sum::<f32>() - 1.0).abs() < 1e-5);
        let again = Classifier::parse(&m.write("test model"), "test").unwrap();
        assert_eq!(again, m);
    }

    #[test]
    fn bad_files_are_clear_errors() {
        for (text, want) in [
            ("bias\t0:1\n", "labels line must come first"),
            ("labels\tA\nw:x\t3:1.0\n", "bad weight"),
            ("labels\tA\nq:x\t0:1.0\n", "unknown feature"),
            ("labels\tA\nw:x 0:1.0\n", "expected a tab"),
            ("", "no labels line"),
            ("labels\tA B\nw:x\t1:1.0 1:2.0\n", "label 1 has two weights"),
            ("labels\tA\nlabels\tA B\n", "a second labels line"),
        ] {
            let e = Classifier::parse(text, "m.tsv").unwrap_err().to_string();
            assert!(e.contains(want) && e.contains("m.tsv"), "{text:?}: {e}");
        }
    }
}
