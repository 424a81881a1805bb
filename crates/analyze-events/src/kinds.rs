//! ACLED actor kinds as the data files spell them.

use eventwire_model::ActorKind;

/// Parse an ACLED actor kind as written in the data files.
pub fn parse_kind(s: &str) -> Option<ActorKind> {
    Some(match s {
        "state_forces" => ActorKind::StateForces,
        "rebel_group" => ActorKind::RebelGroup,
        "political_militia" => ActorKind::PoliticalMilitia,
        "identity_militia" => ActorKind::IdentityMilitia,
        "rioters" => ActorKind::Rioters,
        "protesters" => ActorKind::Protesters,
        "civilians" => ActorKind::Civilians,
        "external_forces" => ActorKind::ExternalForces,
        "unidentified" => ActorKind::Unidentified,
        "other" => ActorKind::Other,
        _ => return None,
    })
}

/// The data-file spelling of an actor kind.
pub fn kind_name(k: ActorKind) -> &'static str {
    match k {
        ActorKind::StateForces => "state_forces",
        ActorKind::RebelGroup => "rebel_group",
        ActorKind::PoliticalMilitia => "political_militia",
        ActorKind::IdentityMilitia => "identity_militia",
        ActorKind::Rioters => "rioters",
        ActorKind::Protesters => "protesters",
        ActorKind::Civilians => "civilians",
        ActorKind::ExternalForces => "external_forces",
        ActorKind::Unidentified => "unidentified",
        ActorKind::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_name() {
        for k in [
            ActorKind::StateForces,
            ActorKind::RebelGroup,
            ActorKind::PoliticalMilitia,
            ActorKind::IdentityMilitia,
            ActorKind::Rioters,
            ActorKind::Protesters,
            ActorKind::Civilians,
            ActorKind::ExternalForces,
            ActorKind::Unidentified,
            ActorKind::Other,
        ] {
            assert_eq!(parse_kind(kind_name(k)), Some(k));
        }
        assert_eq!(parse_kind("wizards"), None);
    }
}
