//! Incremental fusion: merged events rebuilt from the day the first change touches, and
//! written only where they changed, with the same result as fusing every event again.
//!
//! The [`Merger`] is fed events in order of window start, and what an event joins depends
//! only on the clusters open when it comes. So if no event before day `t0` was added,
//! removed or changed since the last fusion, every cluster closed before `t0` is as it was,
//! and the clusters open at `t0` hold, of their members, exactly the stored events before
//! `t0` that the last fusion gave them. A [`Refusion`] reopens those clusters
//! ([`Merger::reopen`]), is fed every event from `t0` on (and the undated events that
//! changed: they are never merged), and tells the store which merged events to write, which
//! to delete and which to refresh; every other merged event is left as it is.
//!
//! The store keeps a log of what changed since its last fusion ([`Changes`]): events added,
//! events removed (with their window start and the merged event they were in) and events
//! whose document's independence group changed. `t0` is the earliest window start among them.

use crate::merge::{Cluster, EventRecord, Merger, LONGEST_WINDOW_DAYS};
use crate::FuseError;
use std::collections::{BTreeSet, HashMap};

/// What changed in a store's events since its last fusion, read from its fusion log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// The earliest window start of an event added, removed or regrouped; `None` when only
    /// undated events changed (or none).
    pub from_day: Option<i64>,
    /// Events added, or whose document's independence group changed.
    pub events: BTreeSet<i64>,
    /// Merged events that lost a report, or one of whose reports changed group.
    pub merged: BTreeSet<i64>,
}

impl Changes {
    /// Note one entry of the log: an event (`event`, when it is still stored) with window
    /// start `win_start`, in merged event `merged` as last fused (`None` when new).
    pub fn note(&mut self, event: Option<i64>, win_start: Option<i64>, merged: Option<i64>) {
        if let Some(day) = win_start {
            self.from_day = Some(self.from_day.map_or(day, |d| d.min(day)));
        }
        self.events.extend(event);
        self.merged.extend(merged);
    }

    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.from_day.is_none() && self.events.is_empty() && self.merged.is_empty()
    }

    /// The window starts among which the events that open the reopened clusters lie:
    /// `[from - LONGEST_WINDOW_DAYS, from)`. Those with a window end on or after `from` are
    /// the ones whose clusters may still be open at `from`.
    pub fn reopen_range(&self) -> Option<(i64, i64)> {
        self.from_day.map(|d| (d - LONGEST_WINDOW_DAYS, d))
    }
}

/// A merged event to write: its id (its earliest report's row), its reports, and those of
/// them that must be linked to it (not in it as last fused).
#[derive(Debug, Clone, PartialEq)]
pub struct Rewrite {
    pub id: i64,
    pub cluster: Cluster,
    pub relink: Vec<i64>,
}

/// What is left to do once every event is fed (see [`Refusion::finish`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Leftover {
    /// Merged events written last time that no cluster has now: delete them.
    pub delete: Vec<i64>,
    /// Merged events kept as they were whose last fusion had a report that has left them
    /// (for another, rewritten, merged event): fuse them again from the reports linked to
    /// them once the rewrites are written.
    pub refresh: Vec<i64>,
}

/// An incremental fusion under way (see the module's text).
pub struct Refusion {
    merger: Merger,
    changes: Changes,
    /// Old merged id → how many events fed were in it.
    old_size: HashMap<i64, usize>,
    /// Old merged ids of the events fed.
    old_ids: BTreeSet<i64>,
    /// Old merged id of each event fed that clusters have not yet been judged for.
    old_of: HashMap<i64, Option<i64>>,
    /// Ids of the clusters formed now; kept ones with their size.
    new_ids: BTreeSet<i64>,
    kept: Vec<(i64, usize)>,
}

impl Refusion {
    /// Start from the clusters open at `changes.from_day`: each is its members before that
    /// day, in stream order, each with the merged id it was fused into.
    pub fn new(changes: Changes, open: Vec<Vec<(EventRecord, Option<i64>)>>) -> (Refusion, Vec<Rewrite>) {
        let mut r = Refusion {
            merger: Merger::new(),
            changes,
            old_size: HashMap::new(),
            old_ids: BTreeSet::new(),
            old_of: HashMap::new(),
            new_ids: BTreeSet::new(),
            kept: Vec::new(),
        };
        let mut open: Vec<Vec<EventRecord>> = open
            .into_iter()
            .filter(|c| !c.is_empty())
            .map(|c| c.into_iter().map(|(ev, old)| r.note(ev, old)).collect())
            .collect();
        // Reopened in order of creation: their first members' place in the stream.
        open.sort_by_key(|c| (c[0].window().map(|w| w.0), c[0].row));
        let mut closed = Vec::new();
        for members in open {
            closed.extend(r.merger.reopen(members));
        }
        let out = r.judge(closed);
        (r, out)
    }

    fn note(&mut self, ev: EventRecord, old: Option<i64>) -> EventRecord {
        if let Some(id) = old {
            *self.old_size.entry(id).or_default() += 1;
            self.old_ids.insert(id);
        }
        self.old_of.insert(ev.row, old);
        ev
    }

    /// Feed the next event (in stream order: window start, then row; undated events last)
    /// with the merged id it was fused into; returns the merged events to write now.
    pub fn push(&mut self, ev: EventRecord, old: Option<i64>) -> Result<Vec<Rewrite>, FuseError> {
        let ev = self.note(ev, old);
        let closed = self.merger.push(ev)?;
        Ok(self.judge(closed))
    }

    /// Close every cluster: the last merged events to write, and what is left to do.
    pub fn finish(mut self) -> (Vec<Rewrite>, Leftover) {
        let closed = std::mem::take(&mut self.merger).finish();
        let out = self.judge(closed);
        let mut left = Leftover::default();
        for (id, size) in &self.kept {
            if self.old_size.get(id) != Some(size) {
                left.refresh.push(*id);
            }
        }
        left.delete = self
            .old_ids
            .iter()
            .chain(&self.changes.merged)
            .copied()
            .collect::<BTreeSet<_>>()
            .difference(&self.new_ids)
            .copied()
            .collect();
        (out, left)
    }

    /// Which closed clusters differ from the merged events of the last fusion.
    fn judge(&mut self, closed: Vec<Cluster>) -> Vec<Rewrite> {
        let mut out = Vec::new();
        for cluster in closed {
            let Some(id) = cluster.members.iter().map(|m| m.row).min() else { continue };
            self.new_ids.insert(id);
            let olds: Vec<Option<i64>> =
                cluster.members.iter().map(|m| self.old_of.remove(&m.row).flatten()).collect();
            let same = !self.changes.merged.contains(&id)
                && olds.iter().all(|o| *o == Some(id))
                && cluster.members.iter().all(|m| !self.changes.events.contains(&m.row));
            if same {
                self.kept.push((id, cluster.members.len()));
            } else {
                let relink = cluster
                    .members
                    .iter()
                    .zip(&olds)
                    .filter(|(_, o)| **o != Some(id))
                    .map(|(m, _)| m.row)
                    .collect();
                out.push(Rewrite { id, cluster, relink });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::tests::{ev, place};
    use crate::merge::{merge_all, Fused};
    use std::collections::BTreeMap;

    /// A store's merged events as `merged id → (reports, fused view)`, from clusters.
    fn table(clusters: &[Cluster]) -> BTreeMap<i64, (Vec<i64>, Fused)> {
        clusters.iter().map(|c| (c.members.iter().map(|m| m.row).min().unwrap(), row_of(c))).collect()
    }

    fn row_of(c: &Cluster) -> (Vec<i64>, Fused) {
        let mut rows: Vec<i64> = c.members.iter().map(|m| m.row).collect();
        rows.sort_unstable();
        (rows, c.fused())
    }

    /// Fuse `events` again incrementally from `before` (their clusters), as a store would:
    /// log what differs, reopen, feed, then apply the rewrites, deletions and refreshes.
    fn refuse(before: &[EventRecord], after: &[EventRecord]) -> BTreeMap<i64, (Vec<i64>, Fused)> {
        let old = table(&merge_all(before.to_vec()));
        let old_of: BTreeMap<i64, i64> =
            old.iter().flat_map(|(id, (rows, _))| rows.iter().map(|r| (*r, *id))).collect();
        let key = |e: &EventRecord| (e.window().map(|w| w.0).is_none(), e.window().map(|w| w.0), e.row);
        let mut changes = Changes::default();
        let now: BTreeMap<i64, &EventRecord> = after.iter().map(|e| (e.row, e)).collect();
        for e in before {
            match now.get(&e.row) {
                None => changes.note(None, e.window().map(|w| w.0), old_of.get(&e.row).copied()),
                Some(n) if n.group != e.group => {
                    changes.note(Some(e.row), e.window().map(|w| w.0), old_of.get(&e.row).copied())
                }
                _ => {}
            }
        }
        let was: BTreeSet<i64> = before.iter().map(|e| e.row).collect();
        for e in after.iter().filter(|e| !was.contains(&e.row)) {
            changes.note(Some(e.row), e.window().map(|w| w.0), None);
        }
        let mut sorted: Vec<&EventRecord> = after.iter().collect();
        sorted.sort_by_key(|e| key(e));
        let from = changes.from_day;
        let (lo, hi) = changes.reopen_range().unwrap_or((i64::MAX, i64::MAX));
        let open_ids: BTreeSet<i64> = sorted
            .iter()
            .filter(|e| e.window().is_some_and(|w| w.0 >= lo && w.0 < hi && w.1 >= hi))
            .filter_map(|e| old_of.get(&e.row).copied())
            .collect();
        let mut open: BTreeMap<i64, Vec<(EventRecord, Option<i64>)>> = BTreeMap::new();
        for e in &sorted {
            let m = old_of.get(&e.row).copied();
            if m.is_some_and(|m| open_ids.contains(&m)) && e.window().is_some_and(|w| w.0 < hi) {
                open.entry(m.unwrap()).or_default().push(((*e).clone(), m));
            }
        }
        let mut store = old.clone();
        let (mut r, mut writes) = Refusion::new(changes.clone(), open.into_values().collect());
        for e in &sorted {
            let fed = match (e.window(), from) {
                (Some(w), Some(from)) => w.0 >= from,
                (None, _) => changes.events.contains(&e.row),
                (Some(_), None) => false,
            };
            if fed {
                writes.extend(r.push((*e).clone(), old_of.get(&e.row).copied()).unwrap());
            }
        }
        let (last, left) = r.finish();
        writes.extend(last);
        let mut links = old_of.clone();
        for w in &writes {
            store.insert(w.id, row_of(&w.cluster));
            for row in &w.relink {
                links.insert(*row, w.id);
            }
        }
        for id in &left.delete {
            store.remove(id);
        }
        for id in &left.refresh {
            let members: Vec<EventRecord> =
                sorted.iter().filter(|e| links.get(&e.row) == Some(id)).map(|e| (*e).clone()).collect();
            store.insert(*id, row_of(&Cluster { members }));
        }
        store
    }

    fn assert_same_as_full(before: &[EventRecord], after: &[EventRecord]) {
        let full = table(&merge_all(after.to_vec()));
        assert_eq!(refuse(before, after), full);
    }

    #[test]
    fn a_new_report_joins_an_open_cluster_as_a_full_fusion_has_it() {
        let town = place("Tel Hamra", 36.10, 43.20);
        let a = ev(1, 1, "Armed clash", "2016-11-01", town.clone(), "A", "B");
        let mut month = ev(2, 2, "Armed clash", "2016-11", town.clone(), "A", "");
        month.date_precision = eventwire_model::DatePrecision::Month;
        let b = ev(3, 3, "Armed clash", "2016-11-05", town.clone(), "A", "B");
        let c = ev(4, 4, "Armed clash", "2016-11-05", town.clone(), "A", "B");
        let before = vec![a.clone(), month.clone(), b.clone()];
        let mut after = before.clone();
        after.push(c);
        assert_same_as_full(&before, &after);
    }

    #[test]
    fn removed_and_regrouped_reports_refuse_as_a_full_fusion() {
        let town = place("Tel Hamra", 36.10, 43.20);
        let near = place("Near", 36.11, 43.21);
        let evs: Vec<EventRecord> = (1..=12)
            .map(|i| {
                let day = format!("2016-11-{:02}", 1 + (i % 4));
                let p = if i % 3 == 0 { near.clone() } else { town.clone() };
                let a2 = if i % 2 == 0 { "B" } else { "" };
                ev(i, i, "Armed clash", &day, p, "A", a2)
            })
            .collect();
        // Remove a report that held two together, add one that chains another day in.
        let mut after: Vec<EventRecord> = evs.iter().filter(|e| e.row != 5).cloned().collect();
        after.push(ev(20, 20, "Armed clash", "2016-11-03", town.clone(), "A", "C"));
        after.push(ev(21, 21, "Armed clash", "2016-10-30", town.clone(), "A", ""));
        if let Some(e) = after.iter_mut().find(|e| e.row == 8) {
            e.group = 1;
        }
        assert_same_as_full(&evs, &after);
    }

    #[test]
    fn random_histories_refuse_as_a_full_fusion() {
        // A small deterministic generator: many stores, each changed in several ways.
        let mut seed: u64 = 7;
        let mut next = move |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let subs = ["Armed clash", "Attack", "Government regains territory"];
        let actors = ["", "A", "B", "C"];
        for round in 0..200 {
            let mut all = Vec::new();
            for row in 1..=40 {
                let lat = 36.0 + next(6) as f64 * 0.1;
                let date = match next(10) {
                    0 => format!("2016-{:02}", 1 + next(3)),
                    1 => "2016".to_string(),
                    _ => format!("2016-{:02}-{:02}", 1 + next(3), 1 + next(28)),
                };
                let mut e = ev(
                    row,
                    row,
                    subs[next(3) as usize],
                    &date,
                    place("X", lat, 43.2),
                    actors[next(4) as usize],
                    actors[next(4) as usize],
                );
                e.date_is_report_date = next(4) == 0 && date.len() == 10;
                if next(15) == 0 {
                    e.date = None;
                }
                all.push(e);
            }
            let cut = 25 + (round % 10) as usize;
            let before: Vec<EventRecord> = all[..cut].to_vec();
            let mut after: Vec<EventRecord> = all.clone();
            after.retain(|e| next(12) != 0 || e.row as usize > cut);
            for e in after.iter_mut() {
                if next(20) == 0 {
                    e.group = 1;
                }
            }
            assert_same_as_full(&before, &after);
        }
    }
}
