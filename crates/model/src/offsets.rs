//! Mapping from byte offsets in normalised text back to code-point offsets in the source.

/// For every char of the normalised text, the code-point offset in the source text where
/// it came from. Built by the normaliser; looked up with a binary search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// `(normalised byte offset, source code-point offset)`, strictly increasing in the first.
    points: Vec<(u32, u32)>,
    /// Byte length of the normalised text and code-point length of the source.
    end: (u32, u32),
}

impl OffsetMap {
    /// The identity map for a text that normalisation left unchanged.
    pub fn identity(text: &str) -> Self {
        let mut map = OffsetMap::default();
        for (i, (byte, _)) in text.char_indices().enumerate() {
            map.push(byte, i);
        }
        map.finish(text.len(), text.chars().count());
        map
    }

    /// An empty map with room for `points` points (one per normalised char).
    pub fn with_capacity(points: usize) -> Self {
        OffsetMap { points: Vec::with_capacity(points), end: (0, 0) }
    }

    /// Record that the normalised char at `norm_byte` came from source char `source_char`.
    #[inline]
    pub fn push(&mut self, norm_byte: usize, source_char: usize) {
        self.points.push((norm_byte as u32, source_char as u32));
    }

    /// Record the end of both texts.
    pub fn finish(&mut self, norm_len_bytes: usize, source_len_chars: usize) {
        self.end = (norm_len_bytes as u32, source_len_chars as u32);
    }

    /// The index of the point at byte `b` when the text before it is one byte per char (the
    /// points strictly increase, so point `k` is at byte `k` or later): no search.
    fn exact(&self, b: u32) -> Option<usize> {
        self.points.get(b as usize).filter(|p| p.0 == b).map(|_| b as usize)
    }

    /// Source code-point offset for a normalised byte offset. Offsets inside a char, or
    /// inside a run that normalisation merged, map to the start of that run.
    pub fn to_source(&self, norm_byte: usize) -> usize {
        let b = norm_byte as u32;
        if b >= self.end.0 {
            return self.end.1 as usize;
        }
        if let Some(i) = self.exact(b) {
            return self.points[i].1 as usize;
        }
        match self.points.binary_search_by_key(&b, |p| p.0) {
            Ok(i) => self.points[i].1 as usize,
            Err(0) => 0,
            Err(i) => self.points[i - 1].1 as usize,
        }
    }

    /// Source code-point offset for the *end* of a normalised span: the start of the next
    /// normalised char, so composed characters keep all their source code points.
    pub fn to_source_end(&self, norm_byte: usize) -> usize {
        let b = norm_byte as u32;
        if b >= self.end.0 {
            return self.end.1 as usize;
        }
        if let Some(i) = self.exact(b) {
            return self.points[i].1 as usize;
        }
        match self.points.binary_search_by_key(&b, |p| p.0) {
            Ok(i) => self.points[i].1 as usize,
            Err(i) if i < self.points.len() => self.points[i].1 as usize,
            Err(_) => self.end.1 as usize,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_bytes_to_chars() {
        let m = OffsetMap::identity("aé b");
        assert_eq!(m.to_source(0), 0);
        assert_eq!(m.to_source(1), 1); // 'é' starts at byte 1
        assert_eq!(m.to_source(3), 2); // ' ' at byte 3 is char 2
        assert_eq!(m.to_source(5), 4);
        assert_eq!(m.to_source_end(3), 2);
    }

    #[test]
    fn the_direct_lookup_agrees_with_the_search() {
        let text = "ab\u{e9}c d\u{1F600}e";
        let m = OffsetMap::identity(text);
        let search = |b: usize, end: bool| {
            let b = b as u32;
            match m.points.binary_search_by_key(&b, |p| p.0) {
                Ok(i) => m.points[i].1 as usize,
                Err(0) if !end => 0,
                Err(i) if !end => m.points[i - 1].1 as usize,
                Err(i) => m.points.get(i).map_or(m.end.1, |p| p.1) as usize,
            }
        };
        for b in 0..text.len() {
            assert_eq!(m.to_source(b), search(b, false), "{b}");
            assert_eq!(m.to_source_end(b), search(b, true), "{b}");
        }
    }

    #[test]
    fn composed_char_end_covers_all_source_points() {
        // source "e\u{301}x" (3 chars) normalised to "éx" (é is 2 bytes)
        let mut m = OffsetMap::default();
        m.push(0, 0);
        m.push(2, 2);
        m.finish(3, 3);
        assert_eq!(m.to_source(0), 0);
        assert_eq!(m.to_source_end(2), 2);
        assert_eq!(m.to_source(2), 2);
        assert_eq!(m.to_source_end(3), 3);
    }
}
