//! Lenient parsing of the ISO 8601 dates Azure DevOps sends: any number of
//! fractional digits, `Z` or an offset, zone-less, or date-only.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Parses an Azure DevOps date into UTC, or `None` when it is not a date.
///
/// Accepts RFC 3339 (`Z` or `±hh:mm`, 0–9 fractional digits), offsets without a
/// colon (`+0000`), the zone-less form (`0001-01-01T00:00:00`, read as UTC), a
/// space instead of `T`, and a bare date (`2024-05-02`, midnight UTC). The
/// sentinel `9999-01-01T00:00:00Z` parses like any other date. Never panics.
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return Some(dt.with_timezone(&Utc));
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(naive.and_utc());
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|naive| naive.and_utc())
}

/// [`parse_date`] over an optional string.
pub fn parse_opt(s: Option<&str>) -> Option<DateTime<Utc>> {
    s.and_then(parse_date)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use chrono::{Datelike, TimeZone, Timelike};

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
    }

    #[test]
    fn fractional_digits_zero_to_seven() {
        let base = utc(2014, 12, 29, 20, 49, 20);
        assert_eq!(parse_date("2014-12-29T20:49:20Z"), Some(base));
        for (s, nanos) in [
            ("2014-12-29T20:49:20.7Z", 700_000_000),
            ("2014-12-29T20:49:20.77Z", 770_000_000),
            ("2014-12-29T20:49:20.123Z", 123_000_000),
            ("2014-12-29T20:49:20.7771Z", 777_100_000),
            ("2014-12-29T20:49:20.77711Z", 777_110_000),
            ("2014-12-29T20:49:20.777119Z", 777_119_000),
            ("2014-12-29T20:49:20.7771198Z", 777_119_800),
        ] {
            let d = parse_date(s).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(d.with_nanosecond(0), Some(base), "{s}");
            assert_eq!(d.nanosecond(), nanos, "{s}");
        }
    }

    #[test]
    fn offsets_are_converted_to_utc() {
        assert_eq!(
            parse_date("2014-05-12T22:23:07.727+00:00").map(|d| d.with_nanosecond(0)),
            Some(Some(utc(2014, 5, 12, 22, 23, 7)))
        );
        assert_eq!(
            parse_date("2024-01-01T02:00:00+02:00"),
            Some(utc(2024, 1, 1, 0, 0, 0))
        );
        assert_eq!(
            parse_date("2024-01-01T02:00:00+0200"),
            Some(utc(2024, 1, 1, 0, 0, 0))
        );
        assert_eq!(
            parse_date("2023-12-31T19:00:00-05:00"),
            Some(utc(2024, 1, 1, 0, 0, 0))
        );
    }

    #[test]
    fn zone_less_and_date_only_are_utc() {
        let min = parse_date("0001-01-01T00:00:00").unwrap();
        assert_eq!((min.year(), min.month(), min.day()), (1, 1, 1));
        assert_eq!(
            parse_date("2024-05-02T10:09:13.5123"),
            Some(utc(2024, 5, 2, 10, 9, 13) + chrono::Duration::microseconds(512_300))
        );
        assert_eq!(
            parse_date("2024-05-02 10:09:13"),
            Some(utc(2024, 5, 2, 10, 9, 13))
        );
        assert_eq!(parse_date("2024-05-02"), Some(utc(2024, 5, 2, 0, 0, 0)));
        assert_eq!(parse_date(" 2024-05-02 "), Some(utc(2024, 5, 2, 0, 0, 0)));
    }

    #[test]
    fn sentinel_far_future() {
        assert_eq!(
            parse_date("9999-01-01T00:00:00Z"),
            Some(utc(9999, 1, 1, 0, 0, 0))
        );
    }

    #[test]
    fn garbage_is_none_not_panic() {
        for s in [
            "",
            "   ",
            "not a date",
            "2024-13-01",
            "2024-02-30T00:00:00Z",
            "2024-01-01T25:00:00Z",
            "T",
            "9999999999-01-01",
            "2024-01-01T00:00:00+99:99",
            "２０２４-01-01",
            "2024-01-01T00:00:00.Z",
        ] {
            assert_eq!(parse_date(s), None, "{s:?}");
        }
        assert_eq!(parse_opt(None), None);
        assert!(parse_opt(Some("2024-05-02")).is_some());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = parse_date(&s);
        }

        #[test]
        fn date_like_strings_never_panic(
            s in "[0-9]{1,6}-[0-9]{1,2}-[0-9]{1,2}(T[0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2}(\\.[0-9]{0,12})?)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?"
        ) {
            let _ = parse_date(&s);
        }
    }
}
