//! Authentication for adoboard: recognising what Azure DevOps asks for when it refuses a token.

pub mod challenge;
