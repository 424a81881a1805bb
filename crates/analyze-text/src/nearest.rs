//! The nearest item in the same sentence, in logarithmic time: the analysers ask it for every
//! mention of an article, so a scan over all items per question would make long articles
//! quadratic.

use std::collections::BTreeSet;

/// Items (an id each) at byte positions, grouped by sentence (`None`: outside every sentence).
#[derive(Debug, Clone, Default)]
pub struct NearestInSentence {
    items: BTreeSet<(Option<usize>, usize, usize)>,
}

impl NearestInSentence {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add item `id` at byte `pos` of sentence `sentence`.
    pub fn insert(&mut self, sentence: Option<usize>, pos: usize, id: usize) {
        self.items.insert((sentence, pos, id));
    }

    /// The item of `sentence` nearest to `pos` (least distance; among equals the least id,
    /// which is what a first-minimum scan over the items in id order gives).
    pub fn nearest(&self, sentence: Option<usize>, pos: usize) -> Option<usize> {
        // The last position at or before `pos`, and the first after it.
        let before = self.items.range((sentence, 0, 0)..=(sentence, pos, usize::MAX)).next_back();
        let after = self
            .items
            .range((sentence, pos.saturating_add(1), 0)..=(sentence, usize::MAX, usize::MAX))
            .next();
        // The least id at a position: the first entry of that position.
        let least_at =
            |p: usize| self.items.range((sentence, p, 0)..=(sentence, p, usize::MAX)).next().map(|e| e.2);
        let before = before.and_then(|e| least_at(e.1).map(|id| (pos - e.1, id)));
        let after = after.map(|e| (e.1 - pos, e.2));
        match (before, after) {
            (Some(b), Some(a)) => Some(b.min(a).1),
            (b, a) => b.or(a).map(|x| x.1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan the index replaces: first minimum by distance over the items in id order.
    fn scan(items: &[(Option<usize>, usize)], sentence: Option<usize>, pos: usize) -> Option<usize> {
        items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.0 == sentence)
            .min_by_key(|(_, it)| it.1.abs_diff(pos))
            .map(|(i, _)| i)
    }

    #[test]
    fn agrees_with_a_scan_including_ties_and_equal_positions() {
        let items = [
            (Some(0), 10),
            (Some(0), 30),
            (Some(1), 50),
            (Some(0), 20),
            (Some(0), 30),
            (None, 5),
            (Some(1), 70),
            (Some(0), 0),
        ];
        let mut idx = NearestInSentence::new();
        for (i, it) in items.iter().enumerate() {
            idx.insert(it.0, it.1, i);
        }
        for sentence in [None, Some(0), Some(1), Some(2)] {
            for pos in 0..90 {
                assert_eq!(idx.nearest(sentence, pos), scan(&items, sentence, pos), "{sentence:?} {pos}");
            }
        }
    }

    #[test]
    fn empty_sentence_has_no_nearest() {
        let mut idx = NearestInSentence::new();
        idx.insert(Some(3), 4, 0);
        assert_eq!(idx.nearest(Some(2), 4), None);
        assert_eq!(idx.nearest(Some(3), usize::MAX), Some(0));
    }
}
