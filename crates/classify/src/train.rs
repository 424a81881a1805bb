//! The trainer: multinomial logistic regression fitted with AdaGrad on labelled sentences, in
//! one thread and a fixed order, so the same training set gives the same weights file.

use crate::features;
use crate::model::Classifier;
use crate::ClassifyError;
use rustc_hash::FxHashMap;

/// One labelled sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub label: String,
    pub text: String,
}

/// Training settings; [`Default`] is what the shipped models use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainOptions {
    pub epochs: usize,
    pub learning_rate: f32,
    /// L2 penalty, applied to the weights an example touches.
    pub l2: f32,
    /// Weights smaller than this in magnitude are dropped from the model.
    pub prune: f32,
    /// Seed of the example order of the first fit.
    pub seed: u64,
    /// Fits averaged, each from its own example order (seeds `seed`, `seed + 1`, …).
    pub rounds: usize,
    /// Features seen in fewer training sentences than this are left out: they are mostly
    /// names and numbers of one sentence, which teach nothing general.
    pub min_count: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 20,
            learning_rate: 0.3,
            l2: 1e-4,
            prune: 0.15,
            seed: 17,
            rounds: 5,
            min_count: 2,
        }
    }
}

/// Read labelled sentences from TSV text: a `label<TAB>text` header, then one example a line;
/// blank lines and `#` comments are skipped. `origin` names the file in errors.
pub fn read_examples(tsv: &str, origin: &str) -> Result<Vec<Example>, ClassifyError> {
    let mut out = Vec::new();
    for (i, line) in tsv.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') || (out.is_empty() && line == "label\ttext") {
            continue;
        }
        let bad = |message: &str| ClassifyError::Examples {
            origin: origin.into(),
            line: i + 1,
            message: message.into(),
        };
        let (label, text) = line.split_once('\t').ok_or_else(|| bad("expected label<TAB>text"))?;
        if label.is_empty() || label.contains(' ') || text.trim().is_empty() || text.contains('\t') {
            return Err(bad("expected one label word, a tab, and a non-empty text"));
        }
        out.push(Example { label: label.to_string(), text: text.to_string() });
    }
    Ok(out)
}

/// Fit a classifier to `examples`. Labels are ordered by name; features by first appearance.
pub fn train(examples: &[Example], opts: &TrainOptions) -> Result<Classifier, ClassifyError> {
    if examples.is_empty() {
        return Err(ClassifyError::NoExamples);
    }
    let mut labels: Vec<String> = examples.iter().map(|e| e.label.clone()).collect();
    labels.sort();
    labels.dedup();
    let label_index: FxHashMap<&str, usize> =
        labels.iter().enumerate().map(|(i, l)| (l.as_str(), i)).collect();
    let sentences: Vec<Vec<String>> =
        examples.iter().map(|e| features::names(&features::words(&e.text))).collect();
    let mut seen_in: FxHashMap<&str, usize> = FxHashMap::default();
    for names in &sentences {
        let mut distinct: Vec<&str> = names.iter().map(String::as_str).collect();
        distinct.sort_unstable();
        distinct.dedup();
        for n in distinct {
            *seen_in.entry(n).or_default() += 1;
        }
    }
    let mut feature_index: FxHashMap<String, usize> = FxHashMap::default();
    let mut feature_names: Vec<String> = Vec::new();
    let data: Vec<Sentence> = examples
        .iter()
        .zip(&sentences)
        .map(|(e, names)| {
            let ids = names
                .iter()
                .filter(|n| seen_in[n.as_str()] >= opts.min_count)
                .map(|n| {
                    *feature_index.entry(n.clone()).or_insert_with(|| {
                        feature_names.push(n.clone());
                        feature_names.len() - 1
                    })
                })
                .collect();
            // Prediction weighs a feature by all the sentence's features, known or not.
            Sentence { label: label_index[e.label.as_str()], ids, value: features::value(names.len()) }
        })
        .collect();

    // Fits from several example orders, averaged: one order's luck does not decide the model.
    let k = labels.len();
    let mut w = vec![0f32; feature_names.len() * k];
    let mut bias = vec![0f32; k];
    let rounds = opts.rounds.max(1);
    for round in 0..rounds {
        let (b, fitted) = fit(&data, k, feature_names.len(), opts, opts.seed.wrapping_add(round as u64));
        for (sum, x) in bias.iter_mut().zip(b) {
            *sum += x / rounds as f32;
        }
        for (sum, x) in w.iter_mut().zip(fitted) {
            *sum += x / rounds as f32;
        }
    }
    Ok(finish(labels, bias, &w, feature_names, opts.prune))
}

/// A training sentence: its label, its features' ids, and the value each feature takes.
struct Sentence {
    label: usize,
    ids: Vec<usize>,
    value: f32,
}

/// One AdaGrad fit over `data` in the example order drawn from `seed`: the biases and the
/// `features × k` weights.
fn fit(data: &[Sentence], k: usize, features: usize, opts: &TrainOptions, seed: u64) -> (Vec<f32>, Vec<f32>) {
    let mut w = vec![0f32; features * k];
    let mut g2 = vec![1e-6f32; features * k];
    let mut bias = vec![0f32; k];
    let mut bias_g2 = vec![1e-6f32; k];
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = SplitMix(seed);
    let mut p = vec![0f32; k];
    for _ in 0..opts.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let Sentence { label, ids, value: x } = &data[i];
            softmax(&bias, &w, ids, *x, &mut p);
            for c in 0..k {
                let g = p[c] - if c == *label { 1.0 } else { 0.0 };
                bias_g2[c] += g * g;
                bias[c] -= opts.learning_rate * g / bias_g2[c].sqrt();
                for &f in ids {
                    let j = f * k + c;
                    let gj = g * x + opts.l2 * w[j];
                    g2[j] += gj * gj;
                    w[j] -= opts.learning_rate * gj / g2[j].sqrt();
                }
            }
        }
    }
    (bias, w)
}

fn softmax(bias: &[f32], w: &[f32], ids: &[usize], x: f32, p: &mut [f32]) {
    let k = bias.len();
    p.copy_from_slice(bias);
    for &f in ids {
        for (c, pc) in p.iter_mut().enumerate() {
            *pc += x * w[f * k + c];
        }
    }
    let max = p.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in p.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in p.iter_mut() {
        *v /= sum;
    }
}

/// Round weights as the file writes them, drop the small ones, and build the model exactly as
/// reading its file back would.
fn finish(labels: Vec<String>, bias: Vec<f32>, w: &[f32], names: Vec<String>, prune: f32) -> Classifier {
    let round = |x: f32| (x * 1000.0).round() / 1000.0;
    let k = labels.len();
    let mut model = Classifier::new(labels, bias.into_iter().map(round).collect());
    let mut row = vec![0f32; k];
    for (f, name) in names.into_iter().enumerate() {
        // Adding one constant to a feature's weights for every label leaves every probability
        // as it was; taking away the median leaves most of them near zero, to be dropped.
        row.copy_from_slice(&w[f * k..(f + 1) * k]);
        row.sort_by(f32::total_cmp);
        let median = row[k / 2];
        let ws: Vec<(u16, f32)> = (0..k)
            .map(|c| (c as u16, round(w[f * k + c] - median)))
            .filter(|(_, x)| x.abs() >= prune)
            .collect();
        if ws.is_empty() {
            continue;
        }
        if let Some(h) = features::hash_of_name(&name) {
            model.push_feature(name, h, &ws);
        }
    }
    model
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

    fn toy() -> Vec<Example> {
        let rows = [
            ("SHELL", "Artillery shelled the village overnight"),
            ("SHELL", "Mortar rounds shelled the market"),
            ("SHELL", "The army shelled rebel positions"),
            ("PROTEST", "Thousands marched peacefully through the capital"),
            ("PROTEST", "Students marched to demand reforms"),
            ("PROTEST", "Workers marched outside parliament"),
        ];
        rows.iter().map(|(l, t)| Example { label: l.to_string(), text: t.to_string() }).collect()
    }

    #[test]
    fn learns_a_separable_toy_set() {
        let m = train(&toy(), &TrainOptions::default()).unwrap();
        assert_eq!(m.predict("Rockets shelled the town").label, "SHELL");
        assert_eq!(m.predict("Farmers marched to the ministry").label, "PROTEST");
    }

    #[test]
    fn same_examples_same_file_and_it_reads_back() {
        let a = train(&toy(), &TrainOptions::default()).unwrap();
        let b = train(&toy(), &TrainOptions::default()).unwrap();
        let text = a.write("toy");
        assert_eq!(text, b.write("toy"));
        assert_eq!(Classifier::parse(&text, "toy").unwrap(), a);
    }

    #[test]
    fn reads_tsv_and_rejects_bad_lines() {
        let ex = read_examples("label\ttext\n# note\nA\tone two\n\nB\tthree\n", "t.tsv").unwrap();
        assert_eq!(ex.len(), 2);
        assert_eq!(ex[1], Example { label: "B".into(), text: "three".into() });
        let e = read_examples("A one two\n", "t.tsv").unwrap_err().to_string();
        assert!(e.contains("t.tsv") && e.contains("line 1"), "{e}");
        assert!(train(&[], &TrainOptions::default()).is_err());
    }
}
