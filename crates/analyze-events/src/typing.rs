//! Typing: which ACLED event type and sub-event type a rule's event takes.

use crate::article::Article;
use crate::coder::Coder;
use crate::rules::{Fire, Rule};
use crate::slots::Slots;
use eventwire_model::ActorKind;

impl Coder {
    /// The (event type, sub-event type) of rule `r`'s event with these slots. Territory rules
    /// go by the kind of actor1 (their event type is the rule's); violence by its target
    /// (`by_target`): armed victims or military targets make an armed clash, rioters a mob,
    /// else the rule's own type (an attack on civilians).
    pub(crate) fn sub_type<'s>(
        &'s self,
        a: &Article,
        r: &'s Rule,
        s: &Slots,
        (c0, c1): (usize, usize),
        fire: Fire,
    ) -> (&'s str, &'s str) {
        let (d, mentions) = (&a.d, &a.mentions);
        let kind = |m: Option<usize>| m.map(|m| self.lexicon.actors[mentions[m].actor].kind);
        if r.is_territorial() {
            return (&r.event_type, self.territory_sub(r, kind(s.actor1), kind(s.actor2)));
        }
        if r.by_target {
            let k2 = kind(s.actor2);
            let (lo, hi) = if s.actor2.is_some_and(|m| d.token_at_or_after(mentions[m].start) < fire.start) {
                (c0, fire.start)
            } else {
                (fire.end, c1)
            };
            let civ = matches!(k2, Some(ActorKind::Civilians))
                || (k2.is_none() && self.words.civilian_targets.find(d, lo, hi).is_some());
            let mil = matches!(
                k2,
                Some(
                    ActorKind::StateForces
                        | ActorKind::RebelGroup
                        | ActorKind::PoliticalMilitia
                        | ActorKind::IdentityMilitia
                        | ActorKind::Unidentified
                        | ActorKind::ExternalForces
                )
            ) || (!civ && self.words.military_targets.find(d, lo, hi).is_some());
            let roles = &self.rules.roles;
            if mil && !civ {
                return (&roles.armed_clash.event_type, &roles.armed_clash.sub_event_type);
            }
            if kind(s.actor1) == Some(ActorKind::Rioters) {
                return (&roles.mob_violence.event_type, &roles.mob_violence.sub_event_type);
            }
        }
        (&r.event_type, &r.sub_event_type)
    }

    /// A territory rule's sub-type: state forces (or foreign ones) regain territory, anyone
    /// else overtakes it; with no actor1, a state actor2 means a non-state actor took it.
    pub(crate) fn territory_sub<'r>(
        &self,
        r: &'r Rule,
        k1: Option<ActorKind>,
        k2: Option<ActorKind>,
    ) -> &'r str {
        let state = r.state_sub.as_deref().unwrap_or(&r.sub_event_type);
        let nonstate = r.nonstate_sub.as_deref().unwrap_or(&r.sub_event_type);
        match k1 {
            Some(ActorKind::StateForces | ActorKind::ExternalForces) => state,
            Some(_) => nonstate,
            None if k2 == Some(ActorKind::StateForces) => nonstate,
            None => state,
        }
    }
}
