//! eventwire-fuse (in progress).
