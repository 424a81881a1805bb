//! Name keys in the FST are tagged by their first byte; the widest nodes near the root are
//! walked once, at load, into tables every lookup starts from.

/// Key tags in the FST: exact name, transliteration skeleton, demonym.
pub(crate) const TAG_EXACT: u8 = 1;
pub(crate) const TAG_SKEL: u8 = 2;
pub(crate) const TAG_DEMONYM: u8 = 3;

/// The first two levels below the exact and skeleton tags, walked once: the widest nodes of
/// the FST, which every lookup would otherwise decode again.
#[derive(Default)]
pub(super) struct Top {
    /// (node address, output so far) after tag, byte, byte; indexed by `Top::slot`.
    pub(super) after2: Vec<Option<(usize, u64)>>,
    /// Per `after2` slot that has a node, the first of its `KEY_BYTES` entries in `after3`
    /// (`u32::MAX`: none): the same after a third byte.
    pub(super) block3: Vec<u32>,
    pub(super) after3: Vec<Option<(usize, u64)>>,
}

/// Bytes of name and skeleton keys: a-z, 0-9 and the space.
const KEY_BYTES: usize = 37;

impl Top {
    pub(super) fn byte_ix(b: u8) -> Option<usize> {
        match b {
            b'a'..=b'z' => Some((b - b'a') as usize),
            b'0'..=b'9' => Some(26 + (b - b'0') as usize),
            b' ' => Some(36),
            _ => None,
        }
    }

    pub(super) fn slot(tag: u8, b0: u8, b1: u8) -> Option<usize> {
        let t = match tag {
            TAG_EXACT => 0,
            TAG_SKEL => 1,
            _ => return None,
        };
        Some((t * KEY_BYTES + Self::byte_ix(b0)?) * KEY_BYTES + Self::byte_ix(b1)?)
    }

    pub(super) fn build(fst: &fst::raw::Fst<Vec<u8>>) -> Self {
        let mut after2 = vec![None; 2 * KEY_BYTES * KEY_BYTES];
        let step = |node: &fst::raw::Node<'_>, acc: fst::raw::Output, b: u8| {
            node.find_input(b).map(|i| {
                let t = node.transition(i);
                (t.addr, acc.cat(t.out))
            })
        };
        let alphabet: Vec<u8> = (b'a'..=b'z').chain(b'0'..=b'9').chain([b' ']).collect();
        for tag in [TAG_EXACT, TAG_SKEL] {
            let Some((a0, o0)) = step(&fst.root(), fst::raw::Output::zero(), tag) else { continue };
            let n0 = fst.node(a0);
            for &b0 in &alphabet {
                let Some((a1, o1)) = step(&n0, o0, b0) else { continue };
                let n1 = fst.node(a1);
                for &b1 in &alphabet {
                    if let (Some(slot), Some((a2, o2))) = (Self::slot(tag, b0, b1), step(&n1, o1, b1)) {
                        after2[slot] = Some((a2, o2.value()));
                    }
                }
            }
        }
        let mut block3 = vec![u32::MAX; after2.len()];
        let mut after3 = Vec::new();
        for (slot, a) in after2.iter().enumerate() {
            let Some((a2, o2)) = *a else { continue };
            let n2 = fst.node(a2);
            block3[slot] = after3.len() as u32;
            for &b2 in &alphabet {
                after3.push(step(&n2, fst::raw::Output::new(o2), b2).map(|(a3, o3)| (a3, o3.value())));
            }
        }
        Top { after2, block3, after3 }
    }

    /// The node after tag and three bytes: `Some(None)` when no key starts so, `None` when the
    /// table does not say (a byte outside the key alphabet).
    pub(super) fn after3(&self, tag: u8, b: [u8; 3]) -> Option<Option<(usize, u64)>> {
        let slot = Self::slot(tag, b[0], b[1])?;
        let b2 = Self::byte_ix(b[2])?;
        let block = self.block3[slot];
        if block == u32::MAX {
            return Some(None);
        }
        Some(self.after3[block as usize + b2])
    }
}
