//! Per-view UI state: which tab, which row (by id, never by index) and scroll offsets.

/// The four views, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tab {
    #[default]
    MyWork,
    Sprint,
    PullRequests,
    Pipelines,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::MyWork, Tab::Sprint, Tab::PullRequests, Tab::Pipelines];

    pub fn title(self) -> &'static str {
        match self {
            Tab::MyWork => "My work",
            Tab::Sprint => "Sprint board",
            Tab::PullRequests => "Pull requests",
            Tab::Pipelines => "Pipelines",
        }
    }

    pub fn index(self) -> usize {
        match self {
            Tab::MyWork => 0,
            Tab::Sprint => 1,
            Tab::PullRequests => 2,
            Tab::Pipelines => 3,
        }
    }

    pub fn from_index(i: usize) -> Tab {
        Tab::ALL[i % Tab::ALL.len()]
    }

    pub fn next(self) -> Tab {
        Tab::from_index(self.index() + 1)
    }

    pub fn prev(self) -> Tab {
        Tab::from_index(self.index() + Tab::ALL.len() - 1)
    }
}

/// A list's selection and scroll. The selection is an item id so a refresh that
/// reorders or inserts rows keeps the same item selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListState {
    pub selected: Option<u32>,
    /// Index of the first visible row.
    pub offset: usize,
}

/// The sprint board: the selected column and card, and each column's scroll.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BoardState {
    pub column: usize,
    pub selected: Option<u32>,
    /// Per-column index of the first visible card.
    pub offsets: Vec<usize>,
}
