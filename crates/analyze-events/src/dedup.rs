//! Within-article deduplication: an attempt merges with its outcome, and an event told again
//! (headline and lead, a recap further down) merges into its first telling.

use crate::article::Article;
use crate::coder::Coder;
use crate::draft::Draft;
use crate::event_places::{is_near, place_rank};
use eventwire_model::{ActorKind, GeoPrecision, Modality, PlaceMention};

/// How many kept events a new draft is compared with: far more than an article tells (a
/// typical one has under 20), few enough that a hostile multi-megabyte one stays linear.
pub(crate) const DEDUP_WINDOW: usize = 256;

/// A new draft compared with the events kept so far.
struct Candidate<'c, 'r> {
    coder: &'c Coder,
    a: &'c Article<'c>,
    dr: &'c Draft<'r>,
}

/// Is the place `exact` inside `region` (a region or country the text names)?
fn within(exact: &PlaceMention, region: &PlaceMention) -> bool {
    match region.precision {
        GeoPrecision::Unresolved | GeoPrecision::Exact | GeoPrecision::Near => false,
        // An unresolved village may lie in any region the text names next to it.
        _ if exact.country_code.is_none() => true,
        GeoPrecision::Country => exact.country_code == region.country_code,
        _ => {
            exact.country_code == region.country_code
                && (exact.admin1.is_none()
                    || exact.admin1 == region.admin1
                    || exact.admin1.as_deref() == Some(region.name.as_str()))
        }
    }
}

impl Candidate<'_, '_> {
    /// Does place `p` only anchor a location ("near X")?
    fn anchor(&self, p: &PlaceMention) -> bool {
        is_near(&self.coder.words, self.a.input.text, p)
    }

    fn territorial(&self, x: &Draft) -> bool {
        self.coder.rules.rules[x.rule].is_territorial()
    }

    fn same_sentence(&self, o: &Draft) -> bool {
        o.sentences.contains(&self.dr.sentence)
    }

    /// Sentences between the draft and the nearest telling of `o`.
    fn dist(&self, o: &Draft) -> usize {
        o.sentences.iter().map(|s| s.abs_diff(self.dr.sentence)).min().unwrap_or(usize::MAX)
    }

    fn near(&self, o: &Draft) -> bool {
        self.dist(o) <= 3
    }

    /// The same sub-type, or kinds of event one telling splits: a toll and the explosion that
    /// caused it ("5 were killed" and "a bomb attack" in one sentence); the clash that won a
    /// territory and the take.
    fn same_family(&self, o: &Draft) -> bool {
        let dr = self.dr;
        let roles = &self.coder.rules.roles;
        let erv = |x: &Draft| x.event_type == roles.remote_event_type;
        let clash = roles.armed_clash.sub_event_type.as_str();
        let generic = |x: &Draft| self.coder.rules.rules[x.rule].by_target;
        o.sub == dr.sub
            || self.same_sentence(o) && (generic(o) && erv(dr) || erv(o) && generic(dr))
            || (self.territorial(o) && self.territorial(dr))
            || self.same_sentence(o)
                && (self.territorial(o) && dr.sub == clash || self.territorial(dr) && o.sub == clash)
    }

    /// The places may be one: the same name, a place near an anchor and the anchor, a place
    /// and the region it lies in; with a place missing, the same actor close by.
    fn place_ok(&self, o: &Draft) -> bool {
        let (dr, places) = (self.dr, &self.a.places);
        match (o.place, dr.place) {
            (Some(a), Some(b)) => {
                let (pa, pb) = (places[a], places[b]);
                pa.name == pb.name
                    || self.near(o)
                        && match (place_rank(pa), place_rank(pb)) {
                            (ra, rb) if ra <= 1 && rb <= 1 => {
                                (self.anchor(pa) || self.anchor(pb))
                                    && (pa.country_code == pb.country_code
                                        || self.dist(o) <= 2
                                            && (pa.country_code.is_none() || pb.country_code.is_none()))
                            }
                            (ra, rb) if ra >= rb => within(pb, pa),
                            _ => within(pa, pb),
                        }
            }
            _ => self.near(o) && (o.actor1.is_some() && o.actor1 == dr.actor1 || self.dist(o) <= 1),
        }
    }

    /// Is place `name` mentioned near an anchor in one of sentences `sents`?
    fn anchored(&self, name: &str, sents: &[usize]) -> bool {
        sents.iter().any(|&si| self.a.places_in_sentence(si).iter().any(|p| p.name == name && self.anchor(p)))
    }

    /// One take by one actor, told once unnamed near an anchor ("seized a village near X") and
    /// once named beside the same anchor ("north of X, the army retook Y").
    fn same_take(&self, o: &Draft) -> bool {
        let (dr, places) = (self.dr, &self.a.places);
        match (o.place, dr.place) {
            (Some(a), Some(b)) if self.territorial(o) && self.territorial(dr) => {
                let (pa, pb) = (places[a], places[b]);
                self.near(o)
                    && o.actor1.is_some()
                    && o.actor1 == dr.actor1
                    && (self.anchor(pa) && place_rank(pb) == 0 && self.anchored(&pa.name, &[dr.sentence])
                        || self.anchor(pb) && place_rank(pa) == 0 && self.anchored(&pb.name, &o.sentences))
            }
            _ => false,
        }
    }

    fn same_place(&self, o: &Draft) -> bool {
        match (o.place, self.dr.place) {
            (Some(a), Some(b)) => self.a.places[a].name == self.a.places[b].name,
            _ => true,
        }
    }

    fn date_ok(&self, o: &Draft) -> bool {
        match (&o.date, &self.dr.date) {
            (Some(a), Some(b)) if o.has_own_time && self.dr.has_own_time => a.0 == b.0,
            _ => true,
        }
    }

    /// May `o` be the event this draft tells again?
    fn matches(&self, o: &Draft) -> bool {
        let dr = self.dr;
        let modality_ok = (o.modality == Modality::Attempted) == (dr.modality == Modality::Attempted);
        self.same_family(o)
            && modality_ok
            && (self.place_ok(o) || self.same_take(o))
            && self.date_ok(o)
            && (self.coder.compatible_actor(o.actor1, dr.actor1)
                || self.same_sentence(o) && o.sub != dr.sub && self.same_place(o))
    }
}

impl Coder {
    /// "Three gunmen tried to storm a police post. ... the attackers were shot dead": one event, an
    /// attempt, with the attackers as fatalities.
    pub(crate) fn merge_attempts<'r>(&'r self, drafts: Vec<Draft<'r>>) -> Vec<Draft<'r>> {
        let mut out: Vec<Draft<'_>> = Vec::new();
        for dr in drafts {
            if let Some(prev) = out.last_mut() {
                let follows = dr.sentence == prev.sentence + 1 || dr.sentence == prev.sentence;
                let rule = &self.rules.rules[dr.rule];
                let about_attackers = dr.actor2.is_some() && dr.actor2 == prev.actor1
                    || dr.actor1.is_some() && dr.actor1 == prev.actor1;
                if prev.modality == Modality::Attempted
                    && follows
                    && rule.by_target
                    && !dr.has_own_place
                    && about_attackers
                {
                    if dr.actor2 == prev.actor1 {
                        prev.fatalities = dr.fatalities.or(prev.actor1_count).or(prev.fatalities);
                        let clash = &self.rules.roles.armed_clash;
                        prev.event_type = &clash.event_type;
                        prev.sub = &clash.sub_event_type;
                    } else {
                        prev.fatalities = prev.fatalities.max(dr.fatalities);
                    }
                    prev.injured = prev.injured.or(dr.injured);
                    if prev.claimant.is_none() {
                        prev.claimant = dr.claimant.clone();
                    }
                    prev.evidence.extend(dr.evidence);
                    continue;
                }
            }
            out.push(dr);
        }
        out
    }

    /// Can two actor1s be the same side: the same, one the parent of the other, or one generic
    /// ("militants") beside a non-state one?
    fn compatible_actor(&self, a: Option<usize>, b: Option<usize>) -> bool {
        match (a, b) {
            (Some(x), Some(y)) if x != y => {
                let (ax, ay) = (&self.lexicon.actors[x], &self.lexicon.actors[y]);
                ax.parent.as_deref() == Some(ay.name.as_str())
                    || ay.parent.as_deref() == Some(ax.name.as_str())
                    || ax.generic && ay.kind != ActorKind::StateForces
                    || ay.generic && ax.kind != ActorKind::StateForces
            }
            _ => true,
        }
    }

    /// Merge each draft into the first kept event it tells again; keep the others. A draft is
    /// compared with the last [`DEDUP_WINDOW`] kept events only (the work budget that keeps a
    /// huge article linear); `warnings` says when an article reached it.
    pub(crate) fn dedup<'r>(
        &'r self,
        a: &Article,
        drafts: Vec<Draft<'r>>,
        warnings: &mut Vec<String>,
    ) -> Vec<Draft<'r>> {
        let mut out: Vec<Draft<'_>> = Vec::new();
        for dr in drafts {
            let cand = Candidate { coder: self, a, dr: &dr };
            let first = out.len().saturating_sub(DEDUP_WINDOW);
            match out[first..].iter().position(|o| cand.matches(o)) {
                Some(i) => self.absorb(a, &mut out[first + i], &dr),
                None => out.push(dr),
            }
        }
        if out.len() > DEDUP_WINDOW {
            warnings.push(format!(
                "{} events: each was compared with the {DEDUP_WINDOW} kept before it only, so a telling \
                 further apart may stay a separate event",
                out.len()
            ));
        }
        out
    }

    /// Fold draft `dr` into the kept event `o`: the better place, the named actors, the own
    /// date, the largest tolls, the claimant, all the evidence.
    fn absorb<'r>(&'r self, a: &Article, o: &mut Draft<'r>, dr: &Draft<'r>) {
        let (places, text) = (&a.places, a.input.text);
        let better_place = match (o.place, dr.place) {
            (None, Some(_)) => true,
            (Some(x), Some(y)) => {
                let (rx, ry) = (place_rank(places[x]), place_rank(places[y]));
                ry < rx
                    || ry == rx
                        && is_near(&self.words, text, places[x])
                        && !is_near(&self.words, text, places[y])
            }
            _ => false,
        };
        if better_place {
            o.place = dr.place;
        }
        let generic = |x: Option<usize>| x.is_none_or(|x| self.lexicon.actors[x].generic);
        // Headlines are loose ("Kurdish forces"); the body names the actor.
        let headline_only = a.title_sent.is_some() && o.sentences.iter().all(|s| Some(*s) == a.title_sent);
        if generic(o.actor1) && !generic(dr.actor1) || headline_only && dr.actor1.is_some() {
            o.actor1 = dr.actor1;
        }
        if o.actor2.is_none() || generic(o.actor2) && !generic(dr.actor2) {
            o.actor2 = dr.actor2.or(o.actor2);
        }
        if !o.has_own_time && dr.has_own_time {
            o.date = dr.date.clone();
            o.has_own_time = true;
        }
        o.fatalities = o.fatalities.max(dr.fatalities);
        o.injured = o.injured.max(dr.injured);
        o.displaced = o.displaced.max(dr.displaced);
        if o.claimant.is_none() && dr.claimant.is_some() {
            o.claimant = dr.claimant.clone();
            if o.modality == Modality::Asserted {
                o.modality = Modality::Reported;
            }
        }
        if self.rules.rules[o.rule].by_target && dr.event_type == self.rules.roles.remote_event_type {
            o.event_type = dr.event_type;
            o.sub = dr.sub;
            o.rule = dr.rule;
            if dr.actor1.is_some() {
                o.actor1 = dr.actor1;
            }
        }
        o.evidence.extend(dr.evidence.iter().copied());
        o.sentences.push(dr.sentence);
        if self.rules.rules[o.rule].is_territorial() {
            let k = |x: Option<usize>| x.map(|x| self.lexicon.actors[x].kind);
            let r = &self.rules.rules[o.rule];
            o.sub = self.territory_sub(r, k(o.actor1), k(o.actor2));
        }
    }
}
