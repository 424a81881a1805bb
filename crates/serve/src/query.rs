//! Strict query-string parsing: unknown or repeated parameters and malformed values are 400s
//! with a message that says what was expected.

use crate::aggregate::{date_floor, Bucket, MAX_GRID_ZOOM};
use crate::types::{EventFilter, EventSort, ListQuery, Missing, SearchQuery};
use crate::ApiError;
use eventwire_store::{EventScope, PageCursor};
use std::collections::BTreeMap;

const DEFAULT_LIMIT: usize = 100;
const MAX_TEXT_PARAM: usize = 500;

pub(crate) struct Params(BTreeMap<String, String>);

impl Params {
    /// Parse `raw` (the query string) allowing only the names of `filters` (the event filters,
    /// [`FILTER_PARAMS`], or none) and of `own` (the endpoint's).
    pub fn parse(raw: Option<&str>, filters: &[&str], own: &[&str]) -> Result<Self, ApiError> {
        let mut map = BTreeMap::new();
        for pair in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let k = decode(k)?;
            let v = decode(v)?;
            if !filters.contains(&k.as_str()) && !own.contains(&k.as_str()) {
                return Err(ApiError::bad_request(format!(
                    "unknown query parameter '{}'; allowed: {}",
                    truncate(&k),
                    filters.iter().chain(own).copied().collect::<Vec<_>>().join(", ")
                )));
            }
            if v.chars().count() > MAX_TEXT_PARAM {
                return Err(ApiError::bad_request(format!("parameter '{k}' is too long")));
            }
            if map.insert(k.clone(), v).is_some() {
                return Err(ApiError::bad_request(format!("parameter '{k}' given more than once")));
            }
        }
        Ok(Params(map))
    }

    /// A non-empty trimmed text value.
    pub fn text(&self, k: &str) -> Option<String> {
        self.0.get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
    }

    pub fn usize(&self, k: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.text(k) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                Ok(_) => Err(ApiError::bad_request(format!("'{k}' must be at most {max}"))),
                Err(_) => Err(ApiError::bad_request(format!("'{k}' must be a non-negative integer"))),
            },
        }
    }

    pub fn opt_u64(&self, k: &str) -> Result<Option<u64>, ApiError> {
        self.text(k)
            .map(|v| {
                v.parse::<u64>()
                    .map_err(|_| ApiError::bad_request(format!("'{k}' must be a non-negative integer")))
            })
            .transpose()
    }

    pub fn date(&self, k: &str) -> Result<Option<String>, ApiError> {
        match self.text(k) {
            None => Ok(None),
            Some(v) if valid_date(&v) => Ok(Some(v)),
            Some(_) => {
                Err(ApiError::bad_request(format!("'{k}' must be a date: YYYY, YYYY-MM or YYYY-MM-DD")))
            }
        }
    }

    pub fn bbox(&self, k: &str) -> Result<Option<[f64; 4]>, ApiError> {
        let Some(v) = self.text(k) else { return Ok(None) };
        let bad = || ApiError::bad_request(format!("'{k}' must be west,south,east,north in degrees"));
        let nums: Vec<f64> =
            v.split(',').map(|p| p.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| bad())?;
        let [w, s, e, n] = <[f64; 4]>::try_from(nums).map_err(|_| bad())?;
        let lon_ok = |x: f64| (-180.0..=180.0).contains(&x);
        let lat_ok = |x: f64| (-90.0..=90.0).contains(&x);
        if !(lon_ok(w) && lon_ok(e) && lat_ok(s) && lat_ok(n)) || s > n {
            return Err(bad());
        }
        Ok(Some([w, s, e, n]))
    }

    /// `scope`: conflict (the default), other, historical or all.
    pub fn scope(&self) -> Result<EventScope, ApiError> {
        match self.text("scope") {
            None => Ok(EventScope::Conflict),
            Some(v) => EventScope::parse(&v).ok_or_else(|| {
                let names: Vec<&str> = EventScope::ALL.iter().map(|s| s.as_str()).collect();
                ApiError::bad_request(format!("'scope' must be one of {}", names.join(", ")))
            }),
        }
    }

    pub fn list(&self, max_page: usize) -> Result<ListQuery, ApiError> {
        Ok(ListQuery {
            q: self.text("q"),
            limit: self.usize("limit", DEFAULT_LIMIT, max_page)?,
            offset: self.usize("offset", 0, usize::MAX)?,
        })
    }

    pub fn event_filter(&self, max_page: usize) -> Result<EventFilter, ApiError> {
        let sort = match self.text("sort") {
            None => EventSort::default(),
            Some(v) => EventSort::parse(&v).ok_or_else(|| {
                ApiError::bad_request(format!("'sort' must be one of {}", EventSort::NAMES.join(", ")))
            })?,
        };
        let after = match self.text("after") {
            None => None,
            Some(v) => Some(PageCursor::parse(sort.order(), &v).ok_or_else(|| {
                ApiError::bad_request("'after' must be the 'next' of a page of the same 'sort'")
            })?),
        };
        let f = EventFilter {
            from: self.date("from")?,
            to: self.date("to")?,
            bbox: self.bbox("bbox")?,
            actor: self.text("actor"),
            event_type: self.text("type"),
            place: self.text("place"),
            document: self.text("document"),
            area: self.text("area"),
            min_fatalities: self.opt_u64("min_fatalities")?,
            min_sources: self.opt_u64("min_sources")?.map(|n| n as usize),
            missing: match self.text("missing").as_deref() {
                None => None,
                Some("place") => Some(Missing::Place),
                Some("date") => Some(Missing::Date),
                Some(_) => return Err(ApiError::bad_request("'missing' must be place or date")),
            },
            date_match_start: match self.text("date_match").as_deref() {
                None | Some("overlap") => false,
                Some("start") => true,
                Some(_) => return Err(ApiError::bad_request("'date_match' must be overlap or start")),
            },
            reviewed: match self.text("reviewed").as_deref() {
                None => None,
                Some("true") => Some(true),
                Some("false") => Some(false),
                Some(_) => return Err(ApiError::bad_request("'reviewed' must be true or false")),
            },
            sort,
            scope: self.scope()?,
            limit: self.usize("limit", DEFAULT_LIMIT, max_page)?,
            offset: self.usize("offset", 0, usize::MAX)?,
            after,
        };
        if let (Some(a), Some(b)) = (&f.from, &f.to) {
            if date_floor(a) > date_floor(b) {
                return Err(ApiError::bad_request("'from' is after 'to'"));
            }
        }
        Ok(f)
    }

    /// `zoom` of `/api/events/grid`: 0 (45° cells) to MAX_GRID_ZOOM; required.
    pub fn zoom(&self) -> Result<u8, ApiError> {
        let max = usize::from(MAX_GRID_ZOOM);
        let z = self
            .text("zoom")
            .ok_or_else(|| ApiError::bad_request(format!("'zoom' (0 to {max}) is required")))?;
        match z.parse::<usize>() {
            Ok(n) if n <= max => Ok(n as u8),
            _ => Err(ApiError::bad_request(format!("'zoom' must be an integer from 0 to {max}"))),
        }
    }

    /// `bucket` of `/api/events/histogram`: day, week or month (default day).
    pub fn bucket(&self) -> Result<Bucket, ApiError> {
        match self.text("bucket") {
            None => Ok(Bucket::Day),
            Some(v) => Bucket::parse(&v).ok_or_else(|| {
                ApiError::bad_request(format!("'bucket' must be one of {}", Bucket::NAMES.join(", ")))
            }),
        }
    }

    pub fn search(&self, max_page: usize) -> Result<SearchQuery, ApiError> {
        let q = self.text("q").ok_or_else(|| ApiError::bad_request("'q' (the search text) is required"))?;
        let mut filter = self.event_filter(max_page)?;
        if self.text("limit").is_none() {
            filter.limit = 20;
        }
        Ok(SearchQuery { q, filter })
    }
}

/// The event filters ([`Params::event_filter`]) every endpoint that lists or counts events
/// takes, joined with each endpoint's own parameters below.
pub(crate) const FILTER_PARAMS: &[&str] =
    &["from", "to", "bbox", "actor", "type", "place", "document", "area", "min_fatalities", "min_sources"];
/// The event list: scope, review and date-match filters, events lacking a place or a date,
/// order and paging (`offset`, or `after` a page's `next` cursor).
pub(crate) const EVENT_PARAMS: &[&str] =
    &["reviewed", "date_match", "missing", "scope", "sort", "limit", "offset", "after"];
/// The timeline is of the conflict record: no `scope`.
pub(crate) const TIMELINE_PARAMS: &[&str] = &["missing", "limit", "offset"];
/// Aggregates (grid cells, histogram bars): no paging or order, and the aggregate's own
/// parameter (`zoom` or `bucket`).
pub(crate) const GRID_PARAMS: &[&str] = &["zoom", "reviewed", "date_match", "scope"];
pub(crate) const HISTOGRAM_PARAMS: &[&str] = &["bucket", "reviewed", "date_match", "scope"];
/// An export: the format, no paging.
pub(crate) const EXPORT_PARAMS: &[&str] = &["format", "reviewed", "date_match", "missing", "scope"];
/// The claims ledger: a subject filter and paging (with the event filters: claims of the
/// articles that report a matching event, dated within the range).
pub(crate) const CLAIM_PARAMS: &[&str] = &["q", "limit", "offset"];
/// Lists that take no event filters.
pub(crate) const LIST_PARAMS: &[&str] = &["q", "limit", "offset"];
/// The situation report takes the filters the store's report applies (no event filters list).
pub(crate) const REPORT_PARAMS: &[&str] =
    &["format", "from", "to", "bbox", "actor", "type", "place", "min_sources"];
pub(crate) const SEARCH_PARAMS: &[&str] = &["q", "from", "to", "actor", "type", "place", "limit", "offset"];

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Percent-decoding with `+` as space (application/x-www-form-urlencoded).
fn decode(s: &str) -> Result<String, ApiError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
                let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok());
                out.push(byte.ok_or_else(|| ApiError::bad_request("malformed percent-encoding in query"))?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| ApiError::bad_request("query is not valid UTF-8"))
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a real month and day.
pub(crate) fn valid_date(v: &str) -> bool {
    let parts: Vec<&str> = v.split('-').collect();
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten()
    };
    match parts.as_slice() {
        [y] => num(y, 4).is_some(),
        [y, m] => num(y, 4).is_some() && num(m, 2).is_some_and(|m| (1..=12).contains(&m)),
        [y, m, d] => match (num(y, 4), num(m, 2), num(d, 2)) {
            (Some(y), Some(m), Some(d)) => is_calendar_date(y, m, d),
            _ => false,
        },
        _ => false,
    }
}

/// `y-m-d` is a day of the (proleptic Gregorian) calendar.
fn is_calendar_date(y: u32, m: u32, d: u32) -> bool {
    match (i16::try_from(y), i8::try_from(m), i8::try_from(d)) {
        (Ok(y), Ok(m), Ok(d)) => jiff::civil::Date::new(y, m, d).is_ok(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_validated_to_the_calendar() {
        assert!(valid_date("2016"));
        assert!(valid_date("2016-11"));
        assert!(valid_date("2016-02-29"));
        assert!(!valid_date("2017-02-29"));
        assert!(valid_date("2000-02-29") && !valid_date("1900-02-29") && valid_date("0000-02-29"));
        assert!(!valid_date("2016-04-31") && !valid_date("2016-01-00") && !valid_date("2016-00-01"));
        assert!(!valid_date("2016-13"));
        assert!(!valid_date("16-11-07"));
        assert!(!valid_date("2016-11-07T10:00"));
        assert_eq!(date_floor("2016-11"), "2016-11-01");
    }

    #[test]
    fn params_reject_unknown_repeated_and_malformed() {
        assert!(Params::parse(Some("nope=1"), &[], LIST_PARAMS).is_err());
        assert!(Params::parse(Some("q=a&q=b"), &[], LIST_PARAMS).is_err());
        assert!(Params::parse(Some("q=%zz"), &[], LIST_PARAMS).is_err());
        assert!(Params::parse(Some("q=%ff"), &[], LIST_PARAMS).is_err());
        let p = Params::parse(Some("q=al+Qaim%20x&limit=5"), &[], LIST_PARAMS).unwrap();
        let l = p.list(10).unwrap();
        assert_eq!(l.q.as_deref(), Some("al Qaim x"));
        assert_eq!(l.limit, 5);
        assert!(Params::parse(Some("limit=11"), &[], LIST_PARAMS).unwrap().list(10).is_err());
        assert!(Params::parse(Some("limit=-1"), &[], LIST_PARAMS).unwrap().list(10).is_err());
    }

    #[test]
    fn each_endpoint_takes_the_event_filters_and_its_own() {
        for own in [EVENT_PARAMS, TIMELINE_PARAMS, GRID_PARAMS, HISTOGRAM_PARAMS, EXPORT_PARAMS, CLAIM_PARAMS]
        {
            for k in FILTER_PARAMS.iter().chain(own) {
                assert!(Params::parse(Some(&format!("{k}=1")), FILTER_PARAMS, own).is_ok(), "{k}");
            }
            assert!(Params::parse(Some("bucketzoom=1"), FILTER_PARAMS, own).is_err());
        }
        assert!(Params::parse(Some("zoom=2"), FILTER_PARAMS, EVENT_PARAMS).is_err());
        assert!(Params::parse(Some("after=newest.1.2"), FILTER_PARAMS, GRID_PARAMS).is_err());
        assert!(Params::parse(Some("from=2016"), &[], SEARCH_PARAMS).is_ok());
        assert!(Params::parse(Some("area=Iraq"), &[], SEARCH_PARAMS).is_err());
        let e = Params::parse(Some("nope=1"), FILTER_PARAMS, GRID_PARAMS).err().unwrap();
        assert!(
            e.message.contains("from, to, bbox") && e.message.ends_with("zoom, reviewed, date_match, scope")
        );
    }

    #[test]
    fn bbox_and_ranges() {
        let p = Params::parse(Some("bbox=35,30,45,38"), FILTER_PARAMS, EVENT_PARAMS).unwrap();
        assert_eq!(p.bbox("bbox").unwrap(), Some([35.0, 30.0, 45.0, 38.0]));
        for bad in ["1,2,3", "a,b,c,d", "0,50,10,40", "0,0,200,10"] {
            let p = Params::parse(Some(&format!("bbox={bad}")), FILTER_PARAMS, EVENT_PARAMS).unwrap();
            assert!(p.bbox("bbox").is_err(), "{bad}");
        }
        let p = Params::parse(Some("from=2017&to=2016-12"), FILTER_PARAMS, EVENT_PARAMS).unwrap();
        assert!(p.event_filter(100).is_err());
        let p = Params::parse(Some("from=2016-11&to=2016-11"), FILTER_PARAMS, EVENT_PARAMS).unwrap();
        assert!(p.event_filter(100).is_ok());
    }

    #[test]
    fn scope_defaults_to_the_conflict_record() {
        let scope = |q: &str| {
            Params::parse(Some(q), FILTER_PARAMS, EVENT_PARAMS).unwrap().event_filter(100).map(|f| f.scope)
        };
        assert_eq!(scope("").unwrap(), EventScope::Conflict);
        assert_eq!(scope("scope=other").unwrap(), EventScope::Other);
        assert_eq!(scope("scope=historical").unwrap(), EventScope::Historical);
        assert_eq!(scope("scope=all").unwrap(), EventScope::All);
        let e = scope("scope=disasters").unwrap_err();
        assert!(e.message.contains("conflict, other, historical, all"), "{}", e.message);
        assert!(Params::parse(Some("scope=other"), FILTER_PARAMS, TIMELINE_PARAMS).is_err());
    }
}
