//! A dense multinomial logistic regression over sentence vectors: the labels, a bias per label
//! and one weight row per label, trained deterministically and stored as readable text.
//!
//! File format (UTF-8, `#` lines are comments):
//! ```text
//! labels<TAB>AIR_STRIKE ARMED_CLASH ...
//! bias<TAB>-0.4100 0.1200 ...
//! w:AIR_STRIKE<TAB>0.0123 -0.3310 ...      (one weight per vector component)
//! ```

use crate::EncoderError;
use std::fmt::Write as _;

/// A trained head.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    labels: Vec<String>,
    bias: Vec<f32>,
    /// `labels × dimension`, row-major.
    weights: Vec<f32>,
    dimension: usize,
}

/// Training settings; [`Default`] is what the shipped head uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadOptions {
    pub epochs: usize,
    pub learning_rate: f32,
    /// L2 penalty on the weights.
    pub l2: f32,
    /// Seed of the example order.
    pub seed: u64,
}

impl Default for HeadOptions {
    fn default() -> Self {
        HeadOptions { epochs: 30, learning_rate: 0.2, l2: 1e-5, seed: 17 }
    }
}

impl Head {
    /// The labels, in the head's order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The length of the vectors the head reads.
    pub fn dimension(&self) -> usize {
        self.dimension
    }

    /// Probability of each label for a sentence vector, in the order of [`labels`](Self::labels).
    /// A vector of the wrong length reads as far as both go.
    pub fn probabilities(&self, vector: &[f32]) -> Vec<f32> {
        let mut p = vec![0f32; self.labels.len()];
        scores(&self.bias, &self.weights, self.dimension, vector, &mut p);
        p
    }

    /// Read a head written by [`write`](Self::write). `origin` names the file in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Head, EncoderError> {
        let bad = |line: usize, message: String| EncoderError::Head { origin: origin.into(), line, message };
        let mut labels: Vec<String> = Vec::new();
        let mut bias = Vec::new();
        let mut rows: Vec<Option<Vec<f32>>> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, rest) = line.split_once('\t').ok_or_else(|| bad(n, "expected a tab".into()))?;
            if key == "labels" {
                labels = rest.split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect();
                rows = vec![None; labels.len()];
                continue;
            }
            if labels.is_empty() {
                return Err(bad(n, "the labels line must come first".into()));
            }
            let numbers = rest
                .split(' ')
                .filter(|s| !s.is_empty())
                .map(|s| {
                    s.parse::<f32>()
                        .ok()
                        .filter(|x| x.is_finite())
                        .ok_or_else(|| bad(n, format!("bad number {s:?}")))
                })
                .collect::<Result<Vec<f32>, _>>()?;
            if key == "bias" {
                if numbers.len() != labels.len() {
                    return Err(bad(n, format!("{} biases for {} labels", numbers.len(), labels.len())));
                }
                bias = numbers;
            } else if let Some(label) = key.strip_prefix("w:") {
                let k = labels
                    .iter()
                    .position(|l| l == label)
                    .ok_or_else(|| bad(n, format!("unknown label {label:?}")))?;
                rows[k] = Some(numbers);
            } else {
                return Err(bad(n, format!("unknown line {key:?}")));
            }
        }
        if labels.is_empty() {
            return Err(bad(0, "no labels line".into()));
        }
        if bias.is_empty() {
            return Err(bad(0, "no bias line".into()));
        }
        let dimension = rows.iter().flatten().map(Vec::len).next().unwrap_or(0);
        let mut weights = Vec::with_capacity(labels.len() * dimension);
        for (label, row) in labels.iter().zip(rows) {
            let row = row.ok_or_else(|| bad(0, format!("no weights for {label}")))?;
            if row.len() != dimension {
                return Err(bad(0, format!("{label}: {} weights, expected {dimension}", row.len())));
            }
            weights.extend(row);
        }
        Ok(Head { labels, bias, weights, dimension })
    }

    /// The head as text, in the format [`parse`](Self::parse) reads. Same head, same bytes.
    pub fn write(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            let _ = writeln!(out, "# {line}");
        }
        let _ = writeln!(out, "labels\t{}", self.labels.join(" "));
        write_row(&mut out, "bias", &self.bias);
        for (label, row) in self.labels.iter().zip(self.weights.chunks_exact(self.dimension.max(1))) {
            write_row(&mut out, &format!("w:{label}"), row);
        }
        out
    }
}

fn write_row(out: &mut String, key: &str, row: &[f32]) {
    out.push_str(key);
    out.push('\t');
    for (i, x) in row.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{x:.4}");
    }
    out.push('\n');
}

/// Softmax of `bias + W v` into `p`.
fn scores(bias: &[f32], w: &[f32], d: usize, v: &[f32], p: &mut [f32]) {
    for (c, pc) in p.iter_mut().enumerate() {
        let row = &w[c * d..(c + 1) * d];
        *pc = bias[c] + row.iter().zip(v).map(|(a, b)| a * b).sum::<f32>();
    }
    let max = p.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for x in p.iter_mut() {
        *x = (*x - max).exp();
        sum += *x;
    }
    for x in p.iter_mut() {
        *x /= sum;
    }
}

/// Fit a head to `(label, vector)` pairs with AdaGrad in one thread and an order drawn from
/// the seed, so the same examples give the same file. Labels are ordered by name.
pub fn train_head(examples: &[(String, Vec<f32>)], opts: &HeadOptions) -> Result<Head, EncoderError> {
    let d = examples.first().map(|(_, v)| v.len()).ok_or(EncoderError::NoExamples)?;
    if examples.iter().any(|(_, v)| v.len() != d) {
        return Err(EncoderError::Format {
            origin: "training vectors".into(),
            message: "vectors of different lengths".into(),
        });
    }
    let mut labels: Vec<String> = examples.iter().map(|(l, _)| l.clone()).collect();
    labels.sort();
    labels.dedup();
    let targets: Vec<usize> = examples.iter().map(|(l, _)| labels.binary_search(l).unwrap_or(0)).collect();
    let k = labels.len();
    let mut w = vec![0f32; k * d];
    let mut g2 = vec![1e-6f32; k * d];
    let mut bias = vec![0f32; k];
    let mut bias_g2 = vec![1e-6f32; k];
    let mut p = vec![0f32; k];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = SplitMix(opts.seed);
    for _ in 0..opts.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let v = &examples[i].1;
            scores(&bias, &w, d, v, &mut p);
            for c in 0..k {
                let g = p[c] - if c == targets[i] { 1.0 } else { 0.0 };
                bias_g2[c] += g * g;
                bias[c] -= opts.learning_rate * g / bias_g2[c].sqrt();
                let row = c * d;
                for j in 0..d {
                    let gj = g * v[j] + opts.l2 * w[row + j];
                    g2[row + j] += gj * gj;
                    w[row + j] -= opts.learning_rate * gj / g2[row + j].sqrt();
                }
            }
        }
    }
    // Rounded as the file writes them: the trained head and the file read back are the same.
    let round = |x: f32| (x * 1e4).round() / 1e4;
    Ok(Head {
        labels,
        bias: bias.into_iter().map(round).collect(),
        weights: w.into_iter().map(round).collect(),
        dimension: d,
    })
}

/// A small deterministic generator for the example order (SplitMix64).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Vec<(String, Vec<f32>)> {
        let rows = [("A", [1.0, 0.1]), ("A", [0.9, -0.1]), ("B", [-0.1, 1.0]), ("B", [0.1, 0.8])];
        rows.iter().map(|(l, v)| (l.to_string(), v.to_vec())).collect()
    }

    #[test]
    fn learns_a_separable_toy_set_and_reads_back() {
        let h = train_head(&toy(), &HeadOptions::default()).unwrap();
        assert_eq!(h.labels(), ["A", "B"]);
        let p = h.probabilities(&[0.8, 0.0]);
        assert!(p[0] > 0.8, "{p:?}");
        let text = h.write("toy");
        assert_eq!(text, train_head(&toy(), &HeadOptions::default()).unwrap().write("toy"));
        assert_eq!(Head::parse(&text, "toy").unwrap(), h);
    }

    #[test]
    fn bad_files_are_clear_errors() {
        for (text, want) in [
            ("bias\t0.1\n", "labels line must come first"),
            ("labels\tA B\nbias\t0.1\n", "1 biases for 2 labels"),
            ("labels\tA\nbias\t0.1\nw:C\t1.0\n", "unknown label"),
            ("labels\tA\nbias\t0.1\n", "no weights for A"),
            ("labels\tA\nbias\tx\n", "bad number"),
        ] {
            let e = Head::parse(text, "h.tsv").unwrap_err().to_string();
            assert!(e.contains(want) && e.contains("h.tsv"), "{text:?}: {e}");
        }
        assert!(train_head(&[], &HeadOptions::default()).is_err());
    }
}
