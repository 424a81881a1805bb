//! Roles: the words the grammar looks for in particular places ("in 1990", "10 a.m. GMT"),
//! one bit each, read from `data/time/roles.tsv` (whose header says what each role does).

/// A set of roles, one bit each.
pub(crate) type Roles = u32;

pub(crate) const YEAR_BEFORE: Roles = 1;
pub(crate) const YEAR_AFTER: Roles = 1 << 1;
pub(crate) const TIME_ZONE: Roles = 1 << 2;
pub(crate) const MONTH_BEFORE: Roles = 1 << 3;
pub(crate) const RATE_BEFORE: Roles = 1 << 4;
pub(crate) const NOT_PLURAL: Roles = 1 << 5;
pub(crate) const LEAD: Roles = 1 << 6;
pub(crate) const VAGUE_COUNT: Roles = 1 << 7;
pub(crate) const EVERY: Roles = 1 << 8;
pub(crate) const WEAK_MODIFIER: Roles = 1 << 9;
pub(crate) const UNIT_COMPOUND: Roles = 1 << 10;
pub(crate) const BOUND: Roles = 1 << 11;
pub(crate) const START_LINK: Roles = 1 << 12;
pub(crate) const ELAPSED_LINK: Roles = 1 << 13;
pub(crate) const NEAR_EDGE: Roles = 1 << 14;
pub(crate) const NEAR: Roles = 1 << 15;
pub(crate) const WEEKDAY_POINTER: Roles = 1 << 16;
pub(crate) const THE_WEEKDAY_POINTER: Roles = 1 << 17;
pub(crate) const REF_RELATIVE: Roles = 1 << 18;
pub(crate) const LATEST: Roles = 1 << 19;

const NAMES: [(&str, Roles); 20] = [
    ("year-before", YEAR_BEFORE),
    ("year-after", YEAR_AFTER),
    ("time-zone", TIME_ZONE),
    ("month-before", MONTH_BEFORE),
    ("rate-before", RATE_BEFORE),
    ("not-plural", NOT_PLURAL),
    ("lead", LEAD),
    ("vague-count", VAGUE_COUNT),
    ("every", EVERY),
    ("weak-modifier", WEAK_MODIFIER),
    ("unit-compound", UNIT_COMPOUND),
    ("bound", BOUND),
    ("start-link", START_LINK),
    ("elapsed-link", ELAPSED_LINK),
    ("near-edge", NEAR_EDGE),
    ("near", NEAR),
    ("weekday-pointer", WEEKDAY_POINTER),
    ("the-weekday-pointer", THE_WEEKDAY_POINTER),
    ("ref-relative", REF_RELATIVE),
    ("latest", LATEST),
];

/// The role named `name` in `roles.tsv`.
pub(crate) fn parse(name: &str) -> Option<Roles> {
    NAMES.iter().find(|(n, _)| *n == name).map(|(_, r)| *r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_its_own_bit_and_name() {
        let all = NAMES.iter().fold(0, |acc, (_, r)| {
            assert_eq!(acc & r, 0, "bits overlap");
            acc | r
        });
        assert_eq!(all.count_ones() as usize, NAMES.len());
        assert_eq!(parse("lead"), Some(LEAD));
        assert_eq!(parse("Lead"), None);
    }

    #[test]
    fn the_data_file_documents_and_uses_every_role() {
        let file = include_str!("../../../data/time/roles.tsv");
        let header: Vec<&str> = file.lines().take_while(|l| l.starts_with('#')).collect();
        let used: Vec<&str> =
            file.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split('\t').nth(1)).collect();
        for (name, _) in NAMES {
            let documented =
                header.iter().any(|l| l.trim_start_matches('#').split_whitespace().next() == Some(name));
            assert!(documented, "{name} is not described in the header of roles.tsv");
            assert!(used.contains(&name), "no word of roles.tsv has the role {name}");
        }
        assert!(used.iter().all(|r| parse(r).is_some()));
    }
}
