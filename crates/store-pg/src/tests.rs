use super::*;
use eventwire_test_support::PgCluster;

#[test]
fn migrations_apply_once_and_the_qgis_views_exist() {
    let Some(pg) = PgCluster::start("migrations_apply_once_and_the_qgis_views_exist") else { return };
    let mut a = PgStore::connect(pg.url()).unwrap();
    assert_eq!(a.schema_version().unwrap(), SCHEMA_VERSION);
    // A second connection finds the schema current and changes nothing.
    let mut b = PgStore::connect(pg.url()).unwrap();
    assert_eq!(b.schema_version().unwrap(), SCHEMA_VERSION);
    let applied = pg.psql("eventwire", "SELECT count(*) FROM schema_migrations");
    assert_eq!(applied.trim(), SCHEMA_VERSION.to_string());
    let layers = pg.psql(
        "eventwire",
        "SELECT f_table_name || ':' || type || ':' || srid FROM geometry_columns
         WHERE f_table_name LIKE 'qgis_%' ORDER BY 1",
    );
    assert_eq!(layers.trim(), "qgis_events:POINT:4326\nqgis_places:POINT:4326");
    let stats = a.stats().unwrap();
    assert_eq!((stats.documents, stats.merged_events), (0, 0));
}

#[test]
fn urls_are_told_apart_and_passwords_kept_out_of_messages() {
    assert!(is_postgres_url("postgres://u@h/db"));
    assert!(is_postgres_url("postgresql:///db?host=/tmp"));
    assert!(!is_postgres_url("eventwire-data/eventwire.db"));
    assert_eq!(redact("postgresql://u:secret@h/db"), "postgresql://u:***@h/db");
    assert_eq!(redact("postgresql:///db?host=/tmp"), "postgresql:///db?host=/tmp");
}
