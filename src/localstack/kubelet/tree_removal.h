// The one way armada-localstack removes a directory tree that a job could
// have filled: its emptyDir volumes, job directories, run directories.
//
// Contract:
// - Works through descriptors only: never follows a symbolic link (a link is
//   removed, not its target), never crosses into another mount (a mount point
//   is reported, not entered), and checks each directory it climbs back to
//   through ".." against the one it came from, so a tree changed under it
//   ends the walk instead of leading it elsewhere.
// - Holds at most three descriptors at once however deep the tree: a tree
//   of any depth is removed (a job's 22 000 levels included), with memory
//   proportional to the depth.
// - Returns ok when `name` is gone (or was never there), else an error
//   naming what it could not remove and why (the first few, then how many
//   more).
#pragma once

#include <string>

#include "common/status.h"

namespace armada::localstack {

// Removes `name` in the directory `parent_fd`; `shown` is its path in
// messages.
Status RemoveTreeAt(int parent_fd, const std::string& name, const std::string& shown);

// The same for `path`; its parent directories are the caller's, not a job's.
Status RemoveTree(const std::string& path);

}  // namespace armada::localstack
