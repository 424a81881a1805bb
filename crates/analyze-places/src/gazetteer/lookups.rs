//! Lookups: the candidates of a name key, walked down the FST from the precomputed tables.

use super::table::{Gazetteer, Place};
use super::top::{Top, TAG_DEMONYM, TAG_EXACT, TAG_SKEL};
use crate::normalize::{norm_key, skeleton_key};

impl Gazetteer {
    /// Candidates for a tagged key, best first.
    pub(crate) fn get_tagged(&self, tag: u8, key: &str) -> &[u32] {
        let fst = self.fst.as_fst();
        let bytes = key.as_bytes();
        // Like `prefix_lookups`: start below the first two bytes when the table has them.
        let slot = match bytes {
            [b0, b1, ..] => Top::slot(tag, *b0, *b1),
            _ => None,
        };
        let (mut node, mut acc, from) = match slot {
            Some(slot) => {
                let Some((addr, out0)) = self.top.after2[slot] else { return &[] };
                (fst.node(addr), fst::raw::Output::new(out0), 2)
            }
            _ => {
                let root = fst.root();
                let Some(i) = root.find_input(tag) else { return &[] };
                let t = root.transition(i);
                (fst.node(t.addr), fst::raw::Output::zero().cat(t.out), 0)
            }
        };
        for &b in &bytes[from..] {
            let Some(i) = node.find_input(b) else { return &[] };
            let t = node.transition(i);
            acc = acc.cat(t.out);
            node = fst.node(t.addr);
        }
        if node.is_final() {
            self.postings_at(acc.cat(node.final_output()).value())
        } else {
            &[]
        }
    }

    /// All keys of one tag, without the tag byte (for small key sets such as demonyms).
    pub(crate) fn keys_with_tag(&self, tag: u8) -> Vec<String> {
        use fst::{IntoStreamer, Streamer};
        let mut out = Vec::new();
        let mut st = self.fst.range().ge([tag]).lt([tag + 1]).into_stream();
        while let Some((k, _)) = st.next() {
            if let Ok(s) = std::str::from_utf8(&k[1..]) {
                out.push(s.to_string());
            }
        }
        out
    }

    /// Candidates of every prefix `key[..e]` (`e` in `ends`, ascending) under `tag`, appended
    /// to `out` in the order of `ends`: one walk down the FST instead of one lookup each.
    pub(crate) fn prefix_lookups<'s>(
        &'s self,
        tag: u8,
        key: &[u8],
        ends: &[usize],
        out: &mut Vec<&'s [u32]>,
    ) {
        let fst = self.fst.as_fst();
        let bytes = key;
        // Every prefix asked for passes through the first three (or two) bytes: start below.
        if let (Some(&e0), [b0, b1, b2, ..]) = (ends.first(), bytes) {
            if e0 >= 3 {
                if let Some(at) = self.top.after3(tag, [*b0, *b1, *b2]) {
                    let Some((addr, out0)) = at else {
                        out.extend(ends.iter().map(|_| -> &[u32] { &[] }));
                        return;
                    };
                    let node = fst.node(addr);
                    return self.walk(node, fst::raw::Output::new(out0), 3, bytes, ends, out);
                }
            }
        }
        if let (Some(&e0), [b0, b1, ..]) = (ends.first(), bytes) {
            if e0 >= 2 {
                if let Some(slot) = Top::slot(tag, *b0, *b1) {
                    let Some((addr, out0)) = self.top.after2[slot] else {
                        out.extend(ends.iter().map(|_| -> &[u32] { &[] }));
                        return;
                    };
                    let node = fst.node(addr);
                    return self.walk(node, fst::raw::Output::new(out0), 2, bytes, ends, out);
                }
            }
        }
        let mut node = fst.root();
        let mut acc = fst::raw::Output::zero();
        match node.find_input(tag) {
            Some(i) => {
                let t = node.transition(i);
                acc = acc.cat(t.out);
                node = fst.node(t.addr);
            }
            None => {
                out.extend(ends.iter().map(|_| -> &[u32] { &[] }));
                return;
            }
        }
        self.walk(node, acc, 0, bytes, ends, out)
    }

    /// The rest of `prefix_lookups` from `node`, reached by `bytes[..pos]` with output `acc`.
    fn walk<'s>(
        &'s self,
        mut node: fst::raw::Node<'s>,
        mut acc: fst::raw::Output,
        mut pos: usize,
        bytes: &[u8],
        ends: &[usize],
        out: &mut Vec<&'s [u32]>,
    ) {
        let fst = self.fst.as_fst();
        let mut alive = true;
        for &e in ends {
            while alive && pos < e.min(bytes.len()) {
                match node.find_input(bytes[pos]) {
                    Some(i) => {
                        let t = node.transition(i);
                        acc = acc.cat(t.out);
                        node = fst.node(t.addr);
                        pos += 1;
                    }
                    None => alive = false,
                }
            }
            if alive && pos == e && node.is_final() {
                out.push(self.postings_at(acc.cat(node.final_output()).value()));
            } else {
                out.push(&[]);
            }
        }
    }

    /// The candidate list stored at `off` (empty when out of bounds).
    fn postings_at(&self, off: u64) -> &[u32] {
        let off = off as usize;
        let Some(&n) = self.postings.get(off) else { return &[] };
        let ids = self.postings.get(off + 1..off + 1 + n as usize).unwrap_or(&[]);
        if ids.iter().any(|&i| i as usize >= self.entries.len()) {
            return &[];
        }
        ids
    }

    /// Places whose name (exact or transliteration skeleton) matches `name`, best first.
    pub fn lookup(&self, name: &str) -> Vec<Place> {
        let key = norm_key(name);
        let mut ids: Vec<u32> = self.get_tagged(TAG_EXACT, &key).to_vec();
        for &i in self.get_tagged(TAG_SKEL, &skeleton_key(&key)) {
            if !ids.contains(&i) {
                ids.push(i);
            }
        }
        ids.into_iter().map(|i| self.place(i)).collect()
    }

    /// Country code for a demonym ("Iraqi" → IQ), if known.
    pub fn demonym(&self, word: &str) -> Option<Place> {
        self.get_tagged(TAG_DEMONYM, &norm_key(word)).first().map(|&i| self.place(i))
    }
}

#[cfg(test)]
mod lookup_tests {
    use super::*;
    use fst::{IntoStreamer, Streamer};

    fn plain<'g>(g: &'g Gazetteer, tag: u8, key: &[u8]) -> &'g [u32] {
        let mut full = vec![tag];
        full.extend_from_slice(key);
        g.fst.get(&full).map_or(&[][..], |v| g.postings_at(v))
    }

    /// Lookups started from the precomputed two- and three-byte tables answer like plain
    /// walks from the root: for a sample of stored keys, their prefixes and near misses.
    #[test]
    fn table_started_lookups_match_plain_walks() {
        check_lookups(&Gazetteer::fixture());
        // The full index too, where it is built.
        if !crate::gazetteer::default_build_dir().join("gazetteer.bin").is_file() {
            eprintln!("skipped: table_started_lookups_match_plain_walks (full index): no gazetteer build (run scripts/setup)");
            return;
        }
        check_lookups(&Gazetteer::load(None).expect("the built index loads"));
    }

    fn check_lookups(g: &Gazetteer) {
        let mut checked = 0;
        for tag in [TAG_EXACT, TAG_SKEL, TAG_DEMONYM] {
            let mut st = g.fst.range().ge([tag]).lt([tag + 1]).into_stream();
            let mut n = 0usize;
            let mut sampled = 0;
            while let Some((k, _)) = st.next() {
                n += 1;
                if n % 101 != 1 {
                    continue;
                }
                sampled += 1;
                let key = k[1..].to_vec();
                let mut near = key.clone();
                if let Some(last) = near.last_mut() {
                    *last = if *last == b'q' { b'x' } else { b'q' };
                }
                for key in [key, near] {
                    let Ok(s) = std::str::from_utf8(&key) else { continue };
                    let ends: Vec<usize> = (1..=key.len()).collect();
                    let mut out = Vec::new();
                    g.prefix_lookups(tag, &key, &ends, &mut out);
                    for (&e, got) in ends.iter().zip(&out) {
                        assert_eq!(*got, plain(g, tag, &key[..e]), "{tag} {s:?} ..{e}");
                        assert_eq!(g.get_tagged(tag, &s[..e]), plain(g, tag, &key[..e]), "{tag} {s:?} ..{e}");
                        checked += usize::from(!got.is_empty());
                    }
                }
                if sampled >= 3000 {
                    break;
                }
            }
        }
        assert!(checked > 0, "no stored key was looked up");
    }
}
