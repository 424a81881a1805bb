//! Comparing analyses as JSON, so that a failure names the first field that differs.

use serde_json::Value;
use std::collections::BTreeMap;

/// The first place where two JSON values differ, as a path with both values.
pub fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|k| {
                let (u, v) = (x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null));
                first_difference(u, v, &format!("{path}.{k}"))
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (u, v))| first_difference(u, v, &format!("{path}[{i}]"))),
        _ => (a != b).then(|| format!("{path}: {a} against {b}")),
    }
}

/// The same documents, each with the same analysis (JSON by document id); panics with `what`
/// and the first difference.
pub fn assert_same_by_id(what: &str, want: &BTreeMap<String, Value>, got: &BTreeMap<String, Value>) {
    let keys = |m: &BTreeMap<String, Value>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(got), keys(want), "{what}: not the same documents");
    for (id, a) in want {
        if let Some(d) = first_difference(&got[id], a, id) {
            panic!("{what}: {d}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_first_difference_is_named_by_its_path() {
        let a = json!({"doc": {"id": "a", "places": [{"name": "Mosul"}, {"name": "Raqqa"}]}});
        let b = json!({"doc": {"id": "a", "places": [{"name": "Mosul"}, {"name": "Tabqa"}]}});
        assert_eq!(first_difference(&a, &a, "a"), None);
        assert_eq!(
            first_difference(&a, &b, "a").as_deref(),
            Some("a.doc.places[1].name: \"Raqqa\" against \"Tabqa\"")
        );
        // A key on one side only, and arrays of other lengths.
        assert!(first_difference(&json!({"x": 1}), &json!({}), "").unwrap().starts_with(".x: 1"));
        assert!(first_difference(&json!([1]), &json!([1, 2]), "").is_some());
    }
}
