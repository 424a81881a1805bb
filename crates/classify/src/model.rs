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
    /// Feature hash → (label index, weight).
    pub(crate) weights: FxHashMap<u64, Vec<(u16, f32)>>,
    /// Feature names in file order, for writing the model back.
    pub(crate) names: Vec<(String, Vec<(u16, f32)>)>,
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
            if let Some(ws) = self.weights.get(&h) {
                for &(k, w) in ws {
                    z[k as usize] += w;
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
        let mut labels: Vec<String> = Vec::new();
        let mut bias = Vec::new();
        let mut weights = FxHashMap::default();
        let mut names = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, rest) = line.split_once('\t').ok_or_else(|| bad(n, "expected a tab".into()))?;
            if key == "labels" {
                labels = rest.split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect();
                continue;
            }
            if labels.is_empty() {
                return Err(bad(n, "the labels line must come first".into()));
            }
            let mut ws = Vec::new();
            for part in rest.split(' ').filter(|s| !s.is_empty()) {
                let parsed = part
                    .split_once(':')
                    .and_then(|(k, w)| Some((k.parse::<u16>().ok()?, w.parse::<f32>().ok()?)))
                    .filter(|(k, w)| (*k as usize) < labels.len() && w.is_finite());
                ws.push(parsed.ok_or_else(|| bad(n, format!("bad weight {part:?}")))?);
            }
            if key == "bias" {
                bias = vec![0.0; labels.len()];
                for (k, w) in ws {
                    bias[k as usize] = w;
                }
                continue;
            }
            let h = features::hash_of_name(key).ok_or_else(|| bad(n, format!("unknown feature {key:?}")))?;
            weights.insert(h, ws.clone());
            names.push((key.to_string(), ws));
        }
        if labels.is_empty() {
            return Err(bad(0, "no labels line".into()));
        }
        if bias.is_empty() {
            bias = vec![0.0; labels.len()];
        }
        Ok(Classifier { labels, bias, weights, names })
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
            write_weights(&mut out, name, ws);
        }
        out
    }
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
        ] {
            let e = Classifier::parse(text, "m.tsv").unwrap_err().to_string();
            assert!(e.contains(want) && e.contains("m.tsv"), "{text:?}: {e}");
        }
    }
}
