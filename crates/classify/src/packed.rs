//! The model in a packed binary form, built from the weights file when the program is
//! built (see `crates/analyze-events/build.rs`): reading it back is a few copies, where
//! parsing the 7 MB text file was a third of a billion instructions at every start.
//!
//! Layout, little-endian: the magic bytes; the label count and each label (u32 length,
//! UTF-8); a bias per label (f32); the feature count; per feature its name (u32 length,
//! UTF-8), its weight count (u32) and each weight (u16 label index, f32 weight). The
//! feature hashes are computed again on reading, so the form cannot disagree with them.

use crate::features;
use crate::model::Classifier;
use crate::ClassifyError;

const MAGIC: &[u8; 8] = b"EWCLS\x00\x00\x01";

impl Classifier {
    /// The model in the packed form [`from_packed`](Self::from_packed) reads.
    pub fn to_packed(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        let put_str = |out: &mut Vec<u8>, s: &str| {
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        };
        out.extend_from_slice(&(self.labels.len() as u32).to_le_bytes());
        for l in &self.labels {
            put_str(&mut out, l);
        }
        for b in &self.bias {
            out.extend_from_slice(&b.to_le_bytes());
        }
        out.extend_from_slice(&(self.names.len() as u32).to_le_bytes());
        for (name, w) in &self.names {
            put_str(&mut out, name);
            let ws = self.weights_of(*w);
            out.extend_from_slice(&(ws.len() as u32).to_le_bytes());
            for (k, x) in ws {
                out.extend_from_slice(&k.to_le_bytes());
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out
    }

    /// Read a model written by [`to_packed`](Self::to_packed); `origin` names it in errors.
    pub fn from_packed(bytes: &[u8], origin: &str) -> Result<Classifier, ClassifyError> {
        let bad =
            |message: &str| ClassifyError::Model { origin: origin.into(), line: 0, message: message.into() };
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len()) != Some(MAGIC) {
            return Err(bad("not a packed model"));
        }
        let truncated = || bad("packed model cut short");
        let n_labels = r.u32().ok_or_else(truncated)? as usize;
        let mut labels = Vec::with_capacity(n_labels.min(1 << 16));
        for _ in 0..n_labels {
            labels.push(r.str().ok_or_else(truncated)?.to_string());
        }
        let bias = (0..n_labels).map(|_| r.f32()).collect::<Option<Vec<f32>>>().ok_or_else(truncated)?;
        let mut m = Classifier::new(labels, bias);
        let n_features = r.u32().ok_or_else(truncated)? as usize;
        m.table.reserve(bytes.len() / 6);
        m.rows.reserve(n_features.min(bytes.len()).saturating_mul(n_labels));
        for _ in 0..n_features {
            let name = r.str().ok_or_else(truncated)?;
            let h = features::hash_of_name(name).ok_or_else(|| bad("unknown feature"))?;
            let start = m.table.len();
            let n = r.u32().ok_or_else(truncated)? as usize;
            let block = n.checked_mul(6).and_then(|len| r.take(len)).ok_or_else(truncated)?;
            for c in block.chunks_exact(6) {
                let k = u16::from_le_bytes([c[0], c[1]]);
                let x = f32::from_le_bytes([c[2], c[3], c[4], c[5]]);
                if k as usize >= n_labels || !x.is_finite() {
                    return Err(bad("bad weight"));
                }
                m.table.push((k, x));
            }
            m.add_feature(name.to_string(), h, start).map_err(|_| bad("a label with two weights"))?;
        }
        if r.at != bytes.len() {
            return Err(bad("bytes after the packed model"));
        }
        Ok(m)
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }
    fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }
    fn f32(&mut self) -> Option<f32> {
        self.array().map(f32::from_le_bytes)
    }
    fn str(&mut self) -> Option<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = "labels\tA B C\nbias\t0:0.5 2:-0.5\nw:shelled\t1:6.0 0:-0.25\nb:opened_fire\t0:2.0\nw:shelled\t2:1.0\n";

    #[test]
    fn packed_form_reads_back_to_the_same_model() {
        let m = Classifier::parse(MODEL, "t").unwrap();
        let packed = m.to_packed();
        let again = Classifier::from_packed(&packed, "t").unwrap();
        assert_eq!(again, m);
        assert_eq!(again.write("x"), m.write("x"));
        assert_eq!(again.probabilities("troops shelled it"), m.probabilities("troops shelled it"));
    }

    #[test]
    fn damaged_packed_forms_are_clear_errors() {
        let packed = Classifier::parse(MODEL, "t").unwrap().to_packed();
        for cut in [0, 3, 8, 12, packed.len() / 2, packed.len() - 1] {
            let e = Classifier::from_packed(&packed[..cut], "m.bin").unwrap_err().to_string();
            assert!(
                e.contains("m.bin") && (e.contains("cut short") || e.contains("not a packed")),
                "{cut}: {e}"
            );
        }
        let mut longer = packed.clone();
        longer.push(0);
        assert!(Classifier::from_packed(&longer, "m.bin").unwrap_err().to_string().contains("bytes after"));
    }
}
