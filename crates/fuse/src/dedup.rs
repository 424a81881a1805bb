//! Near-duplicate detection: MinHash over word 3-shingles with LSH banding.
//!
//! Syndicated copies share almost all shingles; rewrites of agency copy keep a good part of
//! them (Jaccard 0.2–0.6), while independent articles on the same story share almost none
//! (< 0.05). 32 bands of 2 rows make pairs above ~0.2 candidates with high probability;
//! candidates are then checked on the full signature.

/// Number of MinHash values per signature.
pub const NUM_HASHES: usize = 64;
/// LSH bands (each of `NUM_HASHES / BANDS` rows).
pub const BANDS: usize = 32;
const ROWS: usize = NUM_HASHES / BANDS;
const SHINGLE: usize = 3;
/// Estimated Jaccard similarity from which a document counts as a copy or rewrite.
pub const DUPLICATE_THRESHOLD: f32 = 0.3;

/// A MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub [u32; NUM_HASHES]);

fn mix(mut z: u64) -> u64 {
    // splitmix64 finaliser: cheap and well distributed.
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn fnv(bytes: &[u8], mut h: u64) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl Signature {
    /// Signature of a text (case and punctuation are ignored).
    pub fn of_text(text: &str) -> Signature {
        let words: Vec<u64> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut h = 0xcbf2_9ce4_8422_2325u64;
                for c in w.chars().flat_map(char::to_lowercase) {
                    let mut buf = [0u8; 4];
                    h = fnv(c.encode_utf8(&mut buf).as_bytes(), h);
                }
                h
            })
            .collect();
        let mut mins = [u32::MAX; NUM_HASHES];
        let n = words.len();
        let k = SHINGLE.min(n.max(1));
        for i in 0..=n.saturating_sub(k) {
            if n == 0 {
                break;
            }
            let h = words[i..i + k].iter().fold(0x9e37_79b9_7f4a_7c15u64, |a, &w| mix(a ^ w));
            for (j, m) in mins.iter_mut().enumerate() {
                let v = (mix(h ^ (j as u64).wrapping_mul(0xd6e8_feb8_6659_fd93)) >> 32) as u32;
                if v < *m {
                    *m = v;
                }
            }
        }
        Signature(mins)
    }

    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn similarity(&self, other: &Signature) -> f32 {
        let same = self.0.iter().zip(other.0.iter()).filter(|(a, b)| a == b && **a != u32::MAX).count();
        same as f32 / NUM_HASHES as f32
    }

    /// LSH band keys `(band, hash)`; two documents sharing any key are candidates.
    pub fn bands(&self) -> Vec<(u8, i64)> {
        self.0
            .chunks(ROWS)
            .enumerate()
            .filter(|(_, rows)| rows.iter().any(|&v| v != u32::MAX))
            .map(|(b, rows)| {
                let h = rows.iter().fold(b as u64, |a, &v| mix(a ^ v as u64));
                (b as u8, h as i64)
            })
            .collect()
    }

    /// Compact bytes for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// Read back [`Signature::to_bytes`]; `None` for a wrong length.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != NUM_HASHES * 4 {
            return None;
        }
        let mut out = [0u32; NUM_HASHES];
        for (o, c) in out.iter_mut().zip(bytes.chunks_exact(4)) {
            *o = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        Some(Signature(out))
    }
}

/// True when the similarity makes `b` a copy or rewrite of `a` (or the reverse).
pub fn is_near_duplicate(a: &Signature, b: &Signature) -> bool {
    a.similarity(b) >= DUPLICATE_THRESHOLD
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str = "Government troops recaptured the village of Tel Hamra on Tuesday after two days \
        of heavy fighting with militants, a military spokesman said. At least 14 fighters were killed \
        and dozens of families fled towards the provincial capital, local officials told reporters. \
        The army said engineers were clearing roadside bombs left behind by the retreating insurgents.";

    #[test]
    fn identical_and_rewritten_texts_are_duplicates() {
        let a = Signature::of_text(ORIGINAL);
        assert_eq!(a.similarity(&Signature::of_text(&ORIGINAL.to_uppercase())), 1.0);
        // A rewrite: new lead, some sentences kept, a closing line added.
        let rewrite = "Tel Hamra back in army hands. Government troops recaptured the village of Tel Hamra \
            on Tuesday after two days of heavy fighting with militants, a military spokesman said. At least \
            14 fighters were killed and dozens of families fled towards the provincial capital. The army \
            said engineers were clearing roadside bombs left behind by the retreating insurgents. Readers \
            can follow our live coverage for more.";
        let b = Signature::of_text(rewrite);
        assert!(is_near_duplicate(&a, &b), "similarity {}", a.similarity(&b));
        let shared = a.bands().iter().filter(|k| b.bands().contains(k)).count();
        assert!(shared > 0);
    }

    #[test]
    fn independent_reports_of_the_same_story_are_not_duplicates() {
        let other = "Fighting raged for a second day around Tel Hamra, where the army says it has \
            pushed militants out. Residents reached by telephone described shelling through the night \
            and said many had left for the provincial capital. A spokesman put the death toll at 14.";
        let a = Signature::of_text(ORIGINAL);
        let b = Signature::of_text(other);
        assert!(!is_near_duplicate(&a, &b), "similarity {}", a.similarity(&b));
    }

    #[test]
    fn bytes_round_trip_and_empty_text_is_safe() {
        let a = Signature::of_text(ORIGINAL);
        assert_eq!(Signature::from_bytes(&a.to_bytes()), Some(a));
        let e = Signature::of_text("");
        assert!(e.bands().is_empty());
        assert_eq!(e.similarity(&e), 0.0);
        assert!(Signature::from_bytes(&[1, 2, 3]).is_none());
    }
}
