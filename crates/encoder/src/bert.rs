//! A BERT encoder's forward pass (post-layer-norm, exact GELU, absolute positions) over one
//! sentence, in f32 on one thread, with weights read from a `model.safetensors` file.

use crate::EncoderError;
use safetensors::{Dtype, SafeTensors};

/// The model's shape, from its `config.json`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    pub hidden: usize,
    pub heads: usize,
    pub layers: usize,
    pub intermediate: usize,
    pub max_positions: usize,
    pub layer_norm_eps: f32,
}

impl Shape {
    /// Read the fields the forward pass needs from a Hugging Face BERT `config.json`.
    pub fn parse(json: &str, origin: &str) -> Result<Shape, EncoderError> {
        let bad = |message: String| EncoderError::Format { origin: origin.into(), message };
        let v: serde_json::Value = serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
        let int = |key: &str| {
            v.get(key).and_then(|x| x.as_u64()).map(|x| x as usize).ok_or_else(|| bad(format!("no {key}")))
        };
        if let Some(act) = v.get("hidden_act").and_then(|x| x.as_str()) {
            if act != "gelu" {
                return Err(bad(format!("hidden_act {act:?}: only gelu is supported")));
            }
        }
        let shape = Shape {
            hidden: int("hidden_size")?,
            heads: int("num_attention_heads")?,
            layers: int("num_hidden_layers")?,
            intermediate: int("intermediate_size")?,
            max_positions: int("max_position_embeddings")?,
            layer_norm_eps: v.get("layer_norm_eps").and_then(|x| x.as_f64()).unwrap_or(1e-12) as f32,
        };
        if shape.heads == 0 || shape.hidden / shape.heads * shape.heads != shape.hidden {
            return Err(bad(format!("{} heads do not divide hidden size {}", shape.heads, shape.hidden)));
        }
        Ok(shape)
    }
}

/// A dense layer: `y = x Wᵀ + b`, `W` stored `[out, in]` row-major as PyTorch writes it.
struct Linear {
    w: Vec<f32>,
    b: Vec<f32>,
    inputs: usize,
    outputs: usize,
}

struct LayerNorm {
    gamma: Vec<f32>,
    beta: Vec<f32>,
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_out: Linear,
    attention_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    output_norm: LayerNorm,
}

/// The encoder's weights.
pub struct Bert {
    shape: Shape,
    vocab: usize,
    word: Vec<f32>,
    position: Vec<f32>,
    token_type: Vec<f32>,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
}

impl Bert {
    /// Load the weights from the bytes of a safetensors file. `origin` names it in errors.
    pub fn from_safetensors(bytes: &[u8], shape: Shape, origin: &str) -> Result<Bert, EncoderError> {
        let bad = |message: String| EncoderError::Format { origin: origin.into(), message };
        let st = SafeTensors::deserialize(bytes).map_err(|e| bad(e.to_string()))?;
        // Some exports prefix every name with "bert.".
        let prefix = if st.names().iter().any(|n| n.starts_with("bert.")) { "bert." } else { "" };
        let tensor = |name: &str, dims: &[usize]| -> Result<Vec<f32>, EncoderError> {
            let full = format!("{prefix}{name}");
            let t = st.tensor(&full).map_err(|_| bad(format!("no tensor {full}")))?;
            if t.dtype() != Dtype::F32 || t.shape() != dims {
                return Err(bad(format!("{full}: {:?} {:?}, expected F32 {dims:?}", t.dtype(), t.shape())));
            }
            Ok(t.data().chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
        };
        let h = shape.hidden;
        let linear = |name: &str, inputs: usize, outputs: usize| -> Result<Linear, EncoderError> {
            Ok(Linear {
                w: tensor(&format!("{name}.weight"), &[outputs, inputs])?,
                b: tensor(&format!("{name}.bias"), &[outputs])?,
                inputs,
                outputs,
            })
        };
        let norm = |name: &str| -> Result<LayerNorm, EncoderError> {
            Ok(LayerNorm {
                gamma: tensor(&format!("{name}.weight"), &[h])?,
                beta: tensor(&format!("{name}.bias"), &[h])?,
            })
        };
        let word_info = st
            .tensor(&format!("{prefix}embeddings.word_embeddings.weight"))
            .map_err(|_| bad("no word embeddings".into()))?;
        let vocab = word_info.shape().first().copied().unwrap_or(0);
        let mut layers = Vec::with_capacity(shape.layers);
        for i in 0..shape.layers {
            let p = format!("encoder.layer.{i}");
            layers.push(Layer {
                query: linear(&format!("{p}.attention.self.query"), h, h)?,
                key: linear(&format!("{p}.attention.self.key"), h, h)?,
                value: linear(&format!("{p}.attention.self.value"), h, h)?,
                attention_out: linear(&format!("{p}.attention.output.dense"), h, h)?,
                attention_norm: norm(&format!("{p}.attention.output.LayerNorm"))?,
                intermediate: linear(&format!("{p}.intermediate.dense"), h, shape.intermediate)?,
                output: linear(&format!("{p}.output.dense"), shape.intermediate, h)?,
                output_norm: norm(&format!("{p}.output.LayerNorm"))?,
            });
        }
        Ok(Bert {
            shape,
            vocab,
            word: tensor("embeddings.word_embeddings.weight", &[vocab, h])?,
            position: tensor("embeddings.position_embeddings.weight", &[shape.max_positions, h])?,
            token_type: tensor("embeddings.token_type_embeddings.weight", &[2, h])?,
            embedding_norm: norm("embeddings.LayerNorm")?,
            layers,
        })
    }

    /// The model's shape.
    pub fn shape(&self) -> Shape {
        self.shape
    }

    /// The last layer's hidden states of `ids` (`ids.len() × hidden`, row-major). Ids past the
    /// vocabulary read as id 0; at most `max_positions` ids are read.
    pub fn hidden_states(&self, ids: &[u32]) -> Vec<f32> {
        let h = self.shape.hidden;
        let t = ids.len().min(self.shape.max_positions);
        let mut x = vec![0f32; t * h];
        for (i, &id) in ids[..t].iter().enumerate() {
            let id = if (id as usize) < self.vocab { id as usize } else { 0 };
            let row = &mut x[i * h..(i + 1) * h];
            let word = &self.word[id * h..(id + 1) * h];
            let pos = &self.position[i * h..(i + 1) * h];
            for j in 0..h {
                row[j] = word[j] + pos[j] + self.token_type[j];
            }
        }
        layer_norm(&mut x, &self.embedding_norm, self.shape.layer_norm_eps);
        let mut scratch = Scratch::new(t, &self.shape);
        for layer in &self.layers {
            self.layer(layer, &mut x, t, &mut scratch);
        }
        x
    }

    fn layer(&self, l: &Layer, x: &mut [f32], t: usize, s: &mut Scratch) {
        let Shape { hidden: h, heads, layer_norm_eps: eps, .. } = self.shape;
        linear(&l.query, x, t, &mut s.q);
        linear(&l.key, x, t, &mut s.k);
        linear(&l.value, x, t, &mut s.v);
        let d = h / heads;
        let scale = 1.0 / (d as f32).sqrt();
        for head in 0..heads {
            let off = head * d;
            // scores = Q_h K_hᵀ / √d, one row per query token.
            gemm(
                t,
                d,
                t,
                scale,
                &s.q[off..],
                h as isize,
                1,
                &s.k[off..],
                1,
                h as isize,
                0.0,
                &mut s.scores,
                t as isize,
            );
            for row in s.scores.chunks_exact_mut(t) {
                softmax(row);
            }
            // context_h = P V_h, written into the head's columns.
            gemm(
                t,
                t,
                d,
                1.0,
                &s.scores,
                t as isize,
                1,
                &s.v[off..],
                h as isize,
                1,
                0.0,
                &mut s.context[off..],
                h as isize,
            );
        }
        linear(&l.attention_out, &s.context, t, &mut s.q);
        for (a, b) in x.iter_mut().zip(&s.q) {
            *a += b;
        }
        layer_norm(x, &l.attention_norm, eps);
        linear(&l.intermediate, x, t, &mut s.inner);
        for v in &mut s.inner {
            *v = 0.5 * *v * (1.0 + libm::erff(*v * std::f32::consts::FRAC_1_SQRT_2));
        }
        linear(&l.output, &s.inner, t, &mut s.q);
        for (a, b) in x.iter_mut().zip(&s.q) {
            *a += b;
        }
        layer_norm(x, &l.output_norm, eps);
    }
}

/// Buffers reused across layers.
struct Scratch {
    q: Vec<f32>,
    k: Vec<f32>,
    v: Vec<f32>,
    context: Vec<f32>,
    scores: Vec<f32>,
    inner: Vec<f32>,
}

impl Scratch {
    fn new(t: usize, s: &Shape) -> Scratch {
        let th = vec![0f32; t * s.hidden];
        Scratch {
            q: th.clone(),
            k: th.clone(),
            v: th.clone(),
            context: th,
            scores: vec![0f32; t * t],
            inner: vec![0f32; t * s.intermediate],
        }
    }
}

/// `out = x Wᵀ + b` for `t` rows of `x`.
fn linear(l: &Linear, x: &[f32], t: usize, out: &mut [f32]) {
    for row in out.chunks_exact_mut(l.outputs).take(t) {
        row.copy_from_slice(&l.b);
    }
    // Wᵀ is W read with its strides swapped: no copy.
    gemm(
        t,
        l.inputs,
        l.outputs,
        1.0,
        x,
        l.inputs as isize,
        1,
        &l.w,
        1,
        l.inputs as isize,
        1.0,
        out,
        l.outputs as isize,
    );
}

/// `c = alpha · a b + beta · c` with `a` m×k, `b` k×n, `c` m×n (row stride `rsc`, columns contiguous).
#[allow(clippy::too_many_arguments)]
fn gemm(
    m: usize,
    k: usize,
    n: usize,
    alpha: f32,
    a: &[f32],
    rsa: isize,
    csa: isize,
    b: &[f32],
    rsb: isize,
    csb: isize,
    beta: f32,
    c: &mut [f32],
    rsc: isize,
) {
    let last = |rows: usize, cols: usize, rs: isize, cs: isize| {
        if rows == 0 || cols == 0 {
            0
        } else {
            (rows - 1) * rs as usize + (cols - 1) * cs as usize + 1
        }
    };
    assert!(
        a.len() >= last(m, k, rsa, csa) && b.len() >= last(k, n, rsb, csb) && c.len() >= last(m, n, rsc, 1)
    );
    // SAFETY: the assertion above keeps every element the strides reach inside the slices.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            alpha,
            a.as_ptr(),
            rsa,
            csa,
            b.as_ptr(),
            rsb,
            csb,
            beta,
            c.as_mut_ptr(),
            rsc,
            1,
        );
    }
}

fn softmax(row: &mut [f32]) {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in row.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in row.iter_mut() {
        *v /= sum;
    }
}

fn layer_norm(x: &mut [f32], n: &LayerNorm, eps: f32) {
    let h = n.gamma.len();
    for row in x.chunks_exact_mut(h) {
        let mean = row.iter().sum::<f32>() / h as f32;
        let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / h as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, g), b) in row.iter_mut().zip(&n.gamma).zip(&n.beta) {
            *v = (*v - mean) * inv * g + b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gemm_with_swapped_strides_multiplies_by_the_transpose() {
        // a = [[1,2],[3,4]], w = [[1,0],[1,1],[0,2]] (3×2): a wᵀ = [[1,3,4],[3,7,8]].
        let a = [1.0, 2.0, 3.0, 4.0];
        let l = Linear { w: vec![1.0, 0.0, 1.0, 1.0, 0.0, 2.0], b: vec![0.5; 3], inputs: 2, outputs: 3 };
        let mut out = vec![0.0; 6];
        linear(&l, &a, 2, &mut out);
        assert_eq!(out, [1.5, 3.5, 4.5, 3.5, 7.5, 8.5]);
    }

    #[test]
    fn layer_norm_centres_and_scales() {
        let n = LayerNorm { gamma: vec![1.0; 4], beta: vec![0.0; 4] };
        let mut x = vec![1.0, 2.0, 3.0, 4.0];
        layer_norm(&mut x, &n, 1e-12);
        assert!(x.iter().sum::<f32>().abs() < 1e-5);
        assert!((x.iter().map(|v| v * v).sum::<f32>() / 4.0 - 1.0).abs() < 1e-4, "{x:?}");
    }

    #[test]
    fn config_is_read_and_checked() {
        let ok = r#"{"hidden_size":8,"num_attention_heads":2,"num_hidden_layers":1,"intermediate_size":16,"max_position_embeddings":32,"hidden_act":"gelu"}"#;
        let s = Shape::parse(ok, "c").unwrap();
        assert_eq!((s.hidden, s.heads, s.layer_norm_eps), (8, 2, 1e-12));
        let e = Shape::parse(&ok.replace("\"gelu\"", "\"relu\""), "c.json").unwrap_err().to_string();
        assert!(e.contains("c.json") && e.contains("relu"), "{e}");
        assert!(Shape::parse(&ok.replace(":2,", ":3,"), "c").is_err());
    }
}
