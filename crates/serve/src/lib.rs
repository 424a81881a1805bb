//! eventwire-serve (in progress).
