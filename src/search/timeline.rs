//! Timelines: how many passages, and how many distinct articles, match a query per day, week,
//! month or year, read from the date and article-key fast fields by a tantivy collector.
//! Undated passages are counted apart, never dropped.

use crate::error::{Error, Result};
use chrono::{DateTime, Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::str::FromStr;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// The most periods a timeline fills in between its first and last dated hit; beyond that,
/// empty periods are left out.
const MAX_FILLED_PERIODS: i64 = 100_000;

/// The length of a timeline's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    /// Calendar days (UTC).
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

impl FromStr for Interval {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "day" | "daily" => Ok(Interval::Day),
            "week" | "weekly" => Ok(Interval::Week),
            "month" | "monthly" => Ok(Interval::Month),
            "year" | "yearly" => Ok(Interval::Year),
            _ => Err(Error::Invalid {
                what: "--by".to_string(),
                value: s.to_string(),
                message: "expected day, week, month or year".to_string(),
            }),
        }
    }
}

impl Interval {
    /// The period key of a day (days since 1970-01-01): a day number, the Monday of its week,
    /// a month count (year × 12 + month − 1) or a year.
    fn key(self, day: i64) -> i64 {
        match self {
            Interval::Day => day,
            // 1970-01-01 was a Thursday: (day + 3) mod 7 counts days since Monday.
            Interval::Week => day - (day + 3).rem_euclid(7),
            Interval::Month | Interval::Year => {
                let date = date_of_day(day);
                match self {
                    Interval::Month => i64::from(date.year()) * 12 + i64::from(date.month0()),
                    _ => i64::from(date.year()),
                }
            }
        }
    }

    /// The first day of the period with this key.
    fn start(self, key: i64) -> NaiveDate {
        match self {
            Interval::Day | Interval::Week => date_of_day(key),
            Interval::Month => {
                let (year, month0) = (key.div_euclid(12), key.rem_euclid(12));
                ymd(year, month0 as u32 + 1)
            }
            Interval::Year => ymd(key, 1),
        }
    }

    /// The period's label: `1987-03-02`, `1987-W10`, `1987-03` or `1987`.
    fn label(self, key: i64) -> String {
        let start = self.start(key);
        match self {
            Interval::Day => start.format("%Y-%m-%d").to_string(),
            Interval::Week => {
                let week = start.iso_week();
                format!("{}-W{:02}", week.year(), week.week())
            }
            Interval::Month => start.format("%Y-%m").to_string(),
            Interval::Year => start.format("%Y").to_string(),
        }
    }
}

fn date_of_day(day: i64) -> NaiveDate {
    DateTime::from_timestamp(day.saturating_mul(86_400), 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

fn ymd(year: i64, month: u32) -> NaiveDate {
    i32::try_from(year)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, month, 1))
        .unwrap_or_default()
}

/// One period of a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// `1987-03-02`, `1987-W10`, `1987-03` or `1987`.
    pub period: String,
    /// The period's first day.
    pub start: String,
    /// Matching passages dated in the period.
    pub passages: u64,
    /// Distinct articles with a matching passage in the period.
    pub articles: u64,
}

/// Counts of matching passages and articles that have no date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Undated {
    /// Matching passages without a date.
    pub passages: u64,
    /// Distinct articles among them.
    pub articles: u64,
}

/// Per segment: per period key, the passage count and the article keys; and the undated ones.
pub(crate) type Tally = (HashMap<i64, (u64, HashSet<u64>)>, (u64, HashSet<u64>));

/// Counts hits per period and distinct articles, from the `date` and `article_key` columns.
pub(crate) struct TimelineCollector {
    pub(crate) interval: Interval,
}

impl Collector for TimelineCollector {
    type Fruit = Tally;
    type Child = TimelineSegmentCollector;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<TimelineSegmentCollector> {
        Ok(TimelineSegmentCollector {
            interval: self.interval,
            dates: segment.fast_fields().date("date")?,
            articles: segment.fast_fields().u64(super::articles::ARTICLE_KEY)?,
            last_day: None,
            tally: Tally::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Tally>) -> tantivy::Result<Tally> {
        let mut merged = Tally::default();
        for (periods, undated) in fruits {
            for (key, (passages, articles)) in periods {
                let slot = merged.0.entry(key).or_default();
                slot.0 += passages;
                slot.1.extend(articles);
            }
            merged.1 .0 += undated.0;
            merged.1 .1.extend(undated.1);
        }
        Ok(merged)
    }
}

/// The per-segment side of [`TimelineCollector`].
pub(crate) struct TimelineSegmentCollector {
    interval: Interval,
    dates: Column<tantivy::DateTime>,
    articles: Column<u64>,
    /// The last day seen and its period key: consecutive hits are often from one day.
    last_day: Option<(i64, i64)>,
    tally: Tally,
}

impl SegmentCollector for TimelineSegmentCollector {
    type Fruit = Tally;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let article = self.articles.first(doc).unwrap_or_default();
        match self.dates.first(doc) {
            Some(date) => {
                let day = date.into_timestamp_secs().div_euclid(86_400);
                let key = match self.last_day {
                    Some((last, key)) if last == day => key,
                    _ => {
                        let key = self.interval.key(day);
                        self.last_day = Some((day, key));
                        key
                    }
                };
                let slot = self.tally.0.entry(key).or_default();
                slot.0 += 1;
                slot.1.insert(article);
            }
            None => {
                self.tally.1 .0 += 1;
                self.tally.1 .1.insert(article);
            }
        }
    }

    fn harvest(self) -> Tally {
        self.tally
    }
}

/// Turns the merged tally into periods in order, with the empty periods between the first and
/// the last filled in (up to [`MAX_FILLED_PERIODS`]).
pub(crate) fn periods(interval: Interval, tally: Tally) -> (Vec<Period>, Undated) {
    let counts: BTreeMap<i64, (u64, u64)> = tally
        .0
        .into_iter()
        .map(|(key, (passages, articles))| (key, (passages, articles.len() as u64)))
        .collect();
    let undated = Undated {
        passages: tally.1 .0,
        articles: tally.1 .1.len() as u64,
    };
    let (Some(&first), Some(&last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return (Vec::new(), undated);
    };
    let mut keys: Vec<i64> = Vec::new();
    let step = |key: i64| match interval {
        Interval::Week => key + 7,
        _ => key + 1,
    };
    let span = match interval {
        Interval::Week => (last - first) / 7,
        _ => last - first,
    };
    if span <= MAX_FILLED_PERIODS {
        let mut key = first;
        while key <= last {
            keys.push(key);
            key = step(key);
        }
    } else {
        keys.extend(counts.keys());
    }
    let rows = keys
        .into_iter()
        .map(|key| {
            let (passages, articles) = counts.get(&key).copied().unwrap_or_default();
            Period {
                period: interval.label(key),
                start: interval.start(key).format("%Y-%m-%d").to_string(),
                passages,
                articles,
            }
        })
        .collect();
    (rows, undated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(date: &str) -> i64 {
        let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("a date");
        d.signed_duration_since(NaiveDate::default()).num_days()
    }

    #[test]
    fn days_fall_into_their_periods() {
        let table = [
            ("1987-03-04", Interval::Day, "1987-03-04", "1987-03-04"),
            ("1987-03-04", Interval::Week, "1987-W10", "1987-03-02"),
            ("1987-03-01", Interval::Week, "1987-W09", "1987-02-23"),
            ("2021-01-03", Interval::Week, "2020-W53", "2020-12-28"),
            ("1987-03-31", Interval::Month, "1987-03", "1987-03-01"),
            ("1969-12-31", Interval::Month, "1969-12", "1969-12-01"),
            ("1987-12-31", Interval::Year, "1987", "1987-01-01"),
        ];
        for (date, interval, label, start) in table {
            let key = interval.key(day(date));
            assert_eq!(interval.label(key), label, "{date} {interval:?}");
            assert_eq!(
                interval.start(key).to_string(),
                start,
                "{date} {interval:?}"
            );
        }
    }

    #[test]
    fn gaps_are_filled_and_undated_kept_apart() {
        let month = |date: &str| Interval::Month.key(day(date));
        let mut tally = Tally::default();
        tally
            .0
            .insert(month("1987-01-10"), (3, HashSet::from([1, 2])));
        tally.0.insert(month("1987-03-02"), (1, HashSet::from([2])));
        tally.1 = (5, HashSet::from([7, 8]));
        let (rows, undated) = periods(Interval::Month, tally);
        let summary: Vec<(&str, u64, u64)> = rows
            .iter()
            .map(|p| (p.period.as_str(), p.passages, p.articles))
            .collect();
        assert_eq!(
            summary,
            [("1987-01", 3, 2), ("1987-02", 0, 0), ("1987-03", 1, 1)]
        );
        assert_eq!(
            undated,
            Undated {
                passages: 5,
                articles: 2
            }
        );
    }

    #[test]
    fn intervals_parse() {
        assert_eq!("Month".parse::<Interval>().ok(), Some(Interval::Month));
        assert_eq!("weekly".parse::<Interval>().ok(), Some(Interval::Week));
        assert!("fortnight".parse::<Interval>().is_err());
    }
}
