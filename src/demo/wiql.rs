//! A deliberately small WIQL interpreter: finds the handful of clauses adoboard sends
//! (`@Me`, `@CurrentIteration`, iteration path, state and type filters, ORDER BY) by
//! substring and ANDs them. It never evaluates arbitrary WIQL.

/// Which iteration the query asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IterationFilter {
    Any,
    Current,
    /// `= 'path'` (exact) or `UNDER 'path'` (prefix), case-insensitive.
    Path {
        path: String,
        under: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SortField {
    Id,
    ChangedDate,
    CreatedDate,
    Priority,
}

#[derive(Debug, Clone)]
pub(crate) struct Query {
    pub columns: Vec<String>,
    pub assigned_to_me: bool,
    pub iteration: IterationFilter,
    pub state_not_in: Vec<String>,
    pub state_in: Option<Vec<String>>,
    pub type_in: Option<Vec<String>>,
    pub sort: SortField,
    pub descending: bool,
}

/// Parses the parts of `wiql` the demo understands; errors carry a WIQL-style message.
pub(crate) fn parse(wiql: &str) -> Result<Query, String> {
    let lower = wiql.to_ascii_lowercase();
    let Some(select_at) = lower.find("select") else {
        return Err(
            "VS402323: Expecting 'SELECT'. The error is caused by the query text.".to_owned(),
        );
    };
    let Some(from_at) = lower.find(" from ") else {
        return Err(
            "VS402323: Expecting 'FROM'. The error is caused by the query text.".to_owned(),
        );
    };
    let columns = if from_at > select_at + 6 {
        wiql[select_at + 6..from_at]
            .split(',')
            .map(|c| {
                c.trim()
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .trim()
                    .to_owned()
            })
            .filter(|c| !c.is_empty())
            .collect()
    } else {
        Vec::new()
    };
    let where_end = lower.find("order by").unwrap_or(lower.len());
    let clauses_lower = &lower[..where_end];

    let assigned_to_me = find_all(clauses_lower, "[system.assignedto]")
        .iter()
        .any(|at| {
            rest_after(clauses_lower, *at + "[system.assignedto]".len())
                .strip_prefix('=')
                .is_some_and(|r| r.trim_start().starts_with("@me"))
        });

    let mut iteration = IterationFilter::Any;
    for at in find_all(clauses_lower, "[system.iterationpath]") {
        let start = at + "[system.iterationpath]".len();
        let rest = rest_after(clauses_lower, start);
        let current = ["=", "under"].iter().any(|op| {
            rest.strip_prefix(op)
                .is_some_and(|r| r.trim_start().starts_with("@currentiteration"))
        });
        if current {
            iteration = IterationFilter::Current;
        } else if let Some((op, values)) = operator_and_values(wiql, clauses_lower, start)
            && let Some(path) = values.into_iter().next()
        {
            iteration = IterationFilter::Path {
                path,
                under: op == "under",
            };
        }
    }
    if iteration == IterationFilter::Any && clauses_lower.contains("@currentiteration") {
        iteration = IterationFilter::Current;
    }

    let mut state_not_in = Vec::new();
    let mut state_in = None;
    for at in find_all(clauses_lower, "[system.state]") {
        if let Some((op, values)) =
            operator_and_values(wiql, clauses_lower, at + "[system.state]".len())
        {
            match op.as_str() {
                "not in" | "<>" => state_not_in.extend(values),
                "in" | "=" => state_in = Some(values),
                _ => {}
            }
        }
    }
    let mut type_in = None;
    for at in find_all(clauses_lower, "[system.workitemtype]") {
        if let Some((op, values)) =
            operator_and_values(wiql, clauses_lower, at + "[system.workitemtype]".len())
            && (op == "in" || op == "=")
        {
            type_in = Some(values);
        }
    }

    let (sort, descending) = match lower.find("order by") {
        Some(at) => {
            let order = &lower[at + "order by".len()..];
            let field = order.trim_start().trim_start_matches('[');
            let sort = if field.starts_with("system.changeddate") {
                SortField::ChangedDate
            } else if field.starts_with("system.createddate") {
                SortField::CreatedDate
            } else if field.starts_with("microsoft.vsts.common.priority") {
                SortField::Priority
            } else {
                SortField::Id
            };
            let first_term = order.split(',').next().unwrap_or("");
            (sort, first_term.contains(" desc"))
        }
        None => (SortField::Id, false),
    };

    Ok(Query {
        columns,
        assigned_to_me,
        iteration,
        state_not_in,
        state_in,
        type_in,
        sort,
        descending,
    })
}

fn find_all(haystack: &str, needle: &str) -> Vec<usize> {
    haystack.match_indices(needle).map(|(i, _)| i).collect()
}

fn rest_after(s: &str, at: usize) -> &str {
    s.get(at..).unwrap_or("").trim_start()
}

/// Reads `op value` or `op (v1, v2)` after a field; values come from the original text
/// (the lowercase copy has the same byte offsets because only ASCII was lowered).
fn operator_and_values(original: &str, lower: &str, at: usize) -> Option<(String, Vec<String>)> {
    let rest_lower = lower.get(at..)?;
    let skipped = rest_lower.len() - rest_lower.trim_start().len();
    let pos = at + skipped;
    let tail = lower.get(pos..)?;
    let op = ["not in", "not under", "under", "in", "<>", "="]
        .into_iter()
        .find(|op| tail.starts_with(op))?;
    let mut cursor = pos + op.len();
    let bytes = original.as_bytes();
    while cursor < bytes.len() && bytes[cursor].is_ascii_whitespace() {
        cursor += 1;
    }
    let list = bytes.get(cursor) == Some(&b'(');
    if list {
        cursor += 1;
    }
    let mut values = Vec::new();
    loop {
        while cursor < bytes.len() && (bytes[cursor].is_ascii_whitespace() || bytes[cursor] == b',')
        {
            cursor += 1;
        }
        if bytes.get(cursor) != Some(&b'\'') {
            break;
        }
        let (value, next) = quoted(original, cursor + 1);
        values.push(value);
        cursor = next;
        if !list {
            break;
        }
    }
    Some((op.to_owned(), values))
}

/// Reads a single-quoted WIQL string starting after the opening quote (`''` escapes a quote).
fn quoted(s: &str, start: usize) -> (String, usize) {
    let mut out = String::new();
    let mut chars = s.get(start..).unwrap_or("").char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            if chars.peek().map(|(_, n)| *n) == Some('\'') {
                out.push('\'');
                chars.next();
                continue;
            }
            return (out, start + i + 1);
        }
        out.push(c);
    }
    (out, s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_clauses_adoboard_sends() {
        let q = parse(
            "SELECT [System.Id], [System.Title] FROM WorkItems WHERE [System.TeamProject] = @project \
             AND [System.AssignedTo]=@Me AND [System.State] NOT IN ('Closed', 'Removed') \
             AND [System.IterationPath] = @CurrentIteration ORDER BY [System.ChangedDate] DESC",
        )
        .unwrap();
        assert!(q.assigned_to_me);
        assert_eq!(q.iteration, IterationFilter::Current);
        assert_eq!(q.state_not_in, vec!["Closed", "Removed"]);
        assert_eq!(q.sort, SortField::ChangedDate);
        assert!(q.descending);
        assert_eq!(q.columns, vec!["System.Id", "System.Title"]);
    }

    #[test]
    fn reads_iteration_paths_with_quotes() {
        let q = parse("select [System.Id] from workitems where [System.IterationPath] UNDER 'Fabrikam Fiber\\Sprint 42' and [System.WorkItemType] = 'Bug'").unwrap();
        assert_eq!(
            q.iteration,
            IterationFilter::Path {
                path: "Fabrikam Fiber\\Sprint 42".to_owned(),
                under: true
            }
        );
        assert_eq!(q.type_in, Some(vec!["Bug".to_owned()]));
        assert!(parse("garbage").is_err());
        assert!(parse("SELECT [x] FROM w WHERE [System.State] IN ('unterminated").is_ok());
    }
}
