//! Big stores for benchmarks of reading (the API's lists and aggregates, the web page): the
//! merged events of a store are copied, each copy moved in time and space, until the store
//! holds the number asked for. Copies have no per-article events behind them (a card shows no
//! sources), and the next fusion pass, which rebuilds merged events, drops them.

use crate::packed::Kind;
use crate::{Fused, Result, Store};
use eventwire_fuse::dates;
use rusqlite::params;

/// Copies of the templates written per transaction.
const BATCH: u64 = 20_000;

fn mix(mut z: u64) -> u64 {
    // splitmix64: a reproducible spread from the copy's number.
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A day-precision date moved by `days` (other precisions are kept).
fn shift(date: &str, days: i64) -> String {
    match dates::interval(date) {
        Some((day, _)) if date.len() == 10 => {
            let (y, m, d) = dates::civil_from_days(day + days);
            format!("{y:04}-{m:02}-{d:02}")
        }
        _ => date.to_string(),
    }
}

impl Store {
    /// Add copies of the stored merged events until there are `target` in all; returns how
    /// many were added. Copy `k` of an event lies up to `spread_days` days from it and up to
    /// half a degree away, reproducibly from `seed`.
    pub fn replicate_merged(&mut self, target: u64, spread_days: u64, seed: u64) -> Result<u64> {
        type Template =
            (String, String, Option<String>, Option<String>, Option<String>, i64, i64, Fused, String, i64);
        let templates: Vec<Template> = {
            let mut st = self.conn.prepare(
                "SELECT event_type, sub_event_type, place_key, actor1, actor2, n_sources, n_independent, fused,
                        scope, historical, id
                 FROM merged ORDER BY id",
            )?;
            let rows = st.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    self.fused_of(r.get(10)?, r.get_ref(7)?),
                    r.get(8)?,
                    r.get(9)?,
                ))
            })?;
            let rows: Vec<_> = rows.collect::<rusqlite::Result<_>>()?;
            let mut out = Vec::with_capacity(rows.len());
            for (a, b, c, d, e, f, g, fused, i, j) in rows {
                out.push((a, b, c, d, e, f, g, fused?, i, j));
            }
            out
        };
        let have: i64 = self.conn.query_row("SELECT count(*) FROM merged", [], |r| r.get(0))?;
        let mut next_id: i64 =
            self.conn.query_row("SELECT coalesce(max(id), 0) FROM merged", [], |r| r.get(0))?;
        let mut added = 0u64;
        let want = target.saturating_sub(have.max(0) as u64);
        if templates.is_empty() || want == 0 {
            return Ok(0);
        }
        while added < want {
            let tx = crate::schema::write_transaction(&mut self.conn)?;
            {
                let mut ins = tx.prepare_cached(
                    "INSERT INTO merged (id, event_type, sub_event_type, date, day_start, day_end, place_key,
                        place_name, admin1, lat, lon, actor1, actor2, n_sources, n_independent, fused, scope,
                        historical, fatalities, country, country_code, geo_precision)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                        ?20, ?21, ?22)",
                )?;
                let end = (added + BATCH).min(want);
                while added < end {
                    let r = mix(seed ^ added.wrapping_mul(0x2545_f491_4f6c_dd1d));
                    let t = &templates[(added % templates.len() as u64) as usize];
                    let mut f: Fused = t.7.clone();
                    let span = 2 * spread_days + 1;
                    let days = (r % span) as i64 - spread_days as i64;
                    f.date = f.date.as_deref().map(|d| shift(d, days));
                    let (dlat, dlon) =
                        (((r >> 20) % 1000) as f64 / 1000.0 - 0.5, ((r >> 40) % 1000) as f64 / 1000.0 - 0.5);
                    if let Some(p) = f.place.as_mut() {
                        p.lat = p.lat.map(|v| (v + dlat).clamp(-90.0, 90.0));
                        p.lon = p.lon.map(|v| (v + dlon).clamp(-180.0, 180.0));
                    }
                    let win = f.date.as_deref().and_then(dates::interval);
                    next_id += 1;
                    ins.execute(params![
                        next_id,
                        t.0,
                        t.1,
                        f.date,
                        win.map(|w| w.0),
                        win.map(|w| w.1),
                        t.2,
                        f.place.as_ref().map(|p| p.name.clone()),
                        f.place.as_ref().and_then(|p| p.admin1.clone()),
                        f.place.as_ref().and_then(|p| p.lat),
                        f.place.as_ref().and_then(|p| p.lon),
                        t.3,
                        t.4,
                        t.5,
                        t.6,
                        crate::packed::write(Kind::Fused, &f)?,
                        t.8,
                        t.9,
                        f.fatalities_min.map_or(0, |n| i64::try_from(n).unwrap_or(i64::MAX)),
                        f.place.as_ref().and_then(|p| p.country.clone()),
                        f.place.as_ref().and_then(|p| p.country_code.clone()),
                        f.location.as_ref().map(|l| l.geo_precision),
                    ])?;
                    added += 1;
                }
            }
            tx.commit()?;
        }
        self.conn.execute_batch("ANALYZE")?;
        Ok(added)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EventOrder, EventQuery, EventScope};

    #[test]
    fn copies_fill_the_store_and_are_browsed_like_the_rest() {
        let mut s = Store::open_in_memory().unwrap();
        s.add_batch(&crate::tests::corpus()).unwrap();
        s.fuse().unwrap();
        let all = EventQuery { scope: EventScope::All, ..Default::default() };
        let before = s.event_count(&all).unwrap();
        let added = s.replicate_merged(before + 50, 30, 7).unwrap();
        assert_eq!(added, 50);
        assert_eq!(s.event_count(&all).unwrap(), before + 50);
        assert_eq!(s.replicate_merged(before + 50, 30, 7).unwrap(), 0, "already there");
        let page = s.event_page(&all, EventOrder::Newest, 1000, 0).unwrap();
        assert_eq!(page.len() as u64, before + 50);
        assert_eq!(shift("2016-11-07", 30), "2016-12-07");
        assert_eq!(shift("2016-11", 30), "2016-11");
    }
}
