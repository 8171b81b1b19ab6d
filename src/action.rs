//! Everything that can happen to State: intents from the keyboard and mouse
//! (imperative) and facts from the fetcher and the clock (past tense).

use crate::domain::{Identity, PipelineRun, Sprint, Timestamp, WorkItem};
use crate::secret::Secret;
use crate::state::{FetchError, PullRequestEntry, ReauthReason, SignInMethod, Tab};

/// One of the four refreshable views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum View {
    MyWork,
    Sprint,
    PullRequests,
    Pipelines,
}

impl View {
    pub const ALL: [View; 4] = [
        View::MyWork,
        View::Sprint,
        View::PullRequests,
        View::Pipelines,
    ];

    pub fn of_tab(tab: Tab) -> View {
        match tab {
            Tab::MyWork => View::MyWork,
            Tab::Sprint => View::Sprint,
            Tab::PullRequests => View::PullRequests,
            Tab::Pipelines => View::Pipelines,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            View::MyWork => "my work",
            View::Sprint => "sprint",
            View::PullRequests => "pull requests",
            View::Pipelines => "pipelines",
        }
    }
}

/// A view's freshly fetched data.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewData {
    MyWork(Vec<WorkItem>),
    Sprint(Sprint),
    PullRequests(Vec<PullRequestEntry>),
    Pipelines(Vec<PipelineRun>),
}

impl ViewData {
    pub fn view(&self) -> View {
        match self {
            ViewData::MyWork(_) => View::MyWork,
            ViewData::Sprint(_) => View::Sprint,
            ViewData::PullRequests(_) => View::PullRequests,
            ViewData::Pipelines(_) => View::Pipelines,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    // Intents.
    Quit,
    SelectTab(Tab),
    NextTab,
    PrevTab,
    SelectNext,
    SelectPrev,
    SelectFirst,
    SelectLast,
    PageDown,
    PageUp,
    ColumnLeft,
    ColumnRight,
    ToggleDetail,
    /// Esc: close the topmost thing (modal, then detail).
    Back,
    Refresh,
    OpenInBrowser,
    ToggleHelp,
    /// Mouse wheel at a cell: scrolls the detail pane under the pointer, else moves.
    Scroll {
        down: bool,
        column: u16,
        row: u16,
    },
    /// Scroll the open detail pane: a few lines (J/K) or half of it (Ctrl-d/Ctrl-u).
    ScrollDetail {
        down: bool,
        half_page: bool,
    },
    Click {
        column: u16,
        row: u16,
    },
    Resize {
        width: u16,
        height: u16,
    },
    /// Open the sign-in modal again after it was dismissed.
    Reauthenticate,
    /// In the modal: start signing in with the proposed method.
    StartSignIn,
    CopyDeviceCode,
    OpenVerificationPage,
    /// Demo only: approve the pending device code as if the user signed in.
    ApproveDemoSignIn,
    /// Typed or pasted into the PAT field; a Secret so Debug never shows it.
    PatInput(Secret),
    PatBackspace,
    PatSubmit,
    /// Demo only: revoke every session now, as an admin would.
    DemoRevoke,
    /// Demo only: arm the next showcase fault and refresh the current view.
    DemoFault,

    // Facts.
    Tick(Timestamp),
    MeLoaded(Identity),
    FetchStarted {
        view: View,
        generation: u64,
    },
    Loaded {
        generation: u64,
        at: Timestamp,
        data: ViewData,
        notice: Option<String>,
    },
    FetchFailed {
        view: View,
        generation: u64,
        error: FetchError,
    },
    /// The service refused our token; everything pauses until sign-in.
    ReauthRequired {
        reason: ReauthReason,
        method: SignInMethod,
        queued: usize,
        tenant: Option<String>,
        /// The challenge's claims as sent (base64), for `az login --claims-challenge`.
        claims: Option<String>,
    },
    /// The sign-in service issued a device code.
    DeviceCodeIssued {
        user_code: String,
        verification_uri: String,
        expires_at: Timestamp,
    },
    /// A sign-in attempt failed; the modal shows why.
    SignInFailed {
        message: String,
    },
    /// A fresh token satisfied the challenge; queued requests are being retried.
    SignedIn,
    /// While paused, more refreshes joined the queue.
    RetriesQueued {
        queued: usize,
    },
    /// Every queued request was retried; refreshing resumed.
    Resumed,
    /// Something worth a line in the status bar (an effect failed, a warning).
    Notify {
        text: String,
        warning: bool,
    },
    Throttled {
        until: Timestamp,
        message: String,
    },
    ThrottleEnded,
}

/// Work for App to carry out after update; update itself does no IO.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Quit,
    Refresh(View),
    OpenUrl(String),
    Copy(String),
    /// Start the sign-in the modal shows; `method` chooses how.
    SignIn(SignInMethod),
    SubmitPat(Secret),
    /// The user dismissed the modal; refreshing stays paused.
    CancelSignIn,
    ApproveDemoSignIn,
    DemoRevoke,
    /// Demo only: arm the next showcase fault and refresh the current view.
    DemoFault,
}
