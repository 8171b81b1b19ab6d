//! adoboard: a terminal work board for Azure DevOps that keeps its place through
//! Continuous Access Evaluation challenges.

pub mod azdo;
pub mod domain;
pub mod secret;
pub mod state;
