#pragma once

/// Downloads of checkpoints from `http://` and `https://` URLs into the
/// torch.hub cache, with libcurl.
///
///   auto path = checkpoint::cached_download(
///       "https://download.pytorch.org/models/resnet18-f37072fd.pth");
///   // $TORCH_HOME/hub/checkpoints/resnet18-f37072fd.pth
///
/// Mirrors `torch.hub.load_state_dict_from_url` / `download_url_to_file`
/// as `mmengine.runner.checkpoint.load_from_http` uses them; differs in
/// showing no progress bar and checking no hash.

#include <string>

#include "mmengine/api.h"

namespace mmengine::runner::checkpoint {

/// True for `http://` and `https://` names.
MMENGINE_API bool is_http_url(const std::string& name);

/// `$TORCH_HOME/hub/checkpoints`; TORCH_HOME defaults to
/// `$XDG_CACHE_HOME/torch`, XDG_CACHE_HOME to `~/.cache` (torch.hub's
/// get_dir()).
MMENGINE_API std::string hub_checkpoint_dir();

/// Downloads `url` to `dst`: into a temporary file beside it, then renamed
/// (an interrupted download never leaves a partial `dst`). Follows
/// redirects. FileError naming the URL and the HTTP status (or curl's
/// reason) on failure.
MMENGINE_API void download_url_to_file(
    const std::string& url, const std::string& dst);

/// The cached file for `url` (`<model_dir>/<basename of the URL path>`,
/// model_dir defaulting to hub_checkpoint_dir()), downloaded first when
/// absent; writes `Downloading: "<url>" to <file>` to stderr then.
MMENGINE_API std::string cached_download(
    const std::string& url, const std::string& model_dir = {});

}  // namespace mmengine::runner::checkpoint
