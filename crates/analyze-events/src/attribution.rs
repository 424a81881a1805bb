//! Claims of responsibility: an attribution (a group claims an attack, or officials blame one)
//! is linked to the violent event of the article that it speaks of, and names its perpetrator
//! when the report of the attack itself did not.

use crate::article::Article;
use crate::coder::Coder;
use crate::draft::Draft;
use eventwire_model::{ActorKind, EventCategory};

/// ACLED event types whose events a group claims or is blamed for.
const CLAIMABLE: [&str; 3] = ["Battles", "Explosions/Remote violence", "Violence against civilians"];

impl Coder {
    /// For each attribution draft: the armed group its sentence names becomes its actor, and
    /// the nearest violent event before it (else after it) is the event it claims; that event
    /// takes the group as its perpetrator when it has none of its own.
    pub(crate) fn attach_attributions(&self, a: &Article, drafts: &mut [Draft<'_>]) {
        for i in 0..drafts.len() {
            if drafts[i].category != Some(EventCategory::Attribution) {
                continue;
            }
            let si = drafts[i].sentence;
            let group = self.claimed_by(a, si);
            if drafts[i].actor1.is_none() {
                drafts[i].actor1 = group;
            }
            let claimable = |d: &Draft| d.category.is_none() && CLAIMABLE.contains(&d.event_type);
            let before = (0..i).rev().find(|&k| claimable(&drafts[k]));
            let Some(target) = before.or_else(|| (i + 1..drafts.len()).find(|&k| claimable(&drafts[k])))
            else {
                continue;
            };
            drafts[i].claims = Some(target);
            let t = &mut drafts[target];
            let unknown = t.actor1.is_none_or(|x| {
                let actor = &self.lexicon.actors[x];
                actor.generic || actor.kind == ActorKind::Unidentified
            });
            if unknown && group.is_some() {
                t.actor1 = group;
            }
        }
    }

    /// The named armed group of sentence `si`, the first one it mentions (mention spans are
    /// byte offsets).
    fn claimed_by(&self, a: &Article, si: usize) -> Option<usize> {
        let s = &a.input.seg.sentences[si];
        a.mentions
            .iter()
            .filter(|m| m.start >= s.start && m.end <= s.end && !m.generic)
            .map(|m| m.actor)
            .find(|&x| {
                let actor = &self.lexicon.actors[x];
                actor.is_armed() && !actor.generic && actor.kind != ActorKind::Unidentified
            })
    }
}
