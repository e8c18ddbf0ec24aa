#pragma once
// GDAL helpers of the writers (GeoTIFF, the state files): errors captured into our exceptions, and
// the owner of a dataset.
#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>

#include <memory>
#include <string>

namespace gatemap::exporter {

// Collects GDAL's errors raised on this thread while it lives, so that they end up in our
// exception instead of on stderr; also keeps GDAL from writing .aux.xml side files.
class GdalErrorCapture {
 public:
  GdalErrorCapture() {
    CPLPushErrorHandlerEx(&GdalErrorCapture::handler, this);
    CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", "NO");
  }
  ~GdalErrorCapture() {
    CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", nullptr);
    CPLPopErrorHandler();
  }
  GdalErrorCapture(const GdalErrorCapture&) = delete;
  GdalErrorCapture& operator=(const GdalErrorCapture&) = delete;

  bool failed() const { return !message_.empty(); }
  const std::string& message() const { return message_; }

 private:
  static void CPL_STDCALL handler(CPLErr level, CPLErrorNum, const char* msg) {
    auto* self = static_cast<GdalErrorCapture*>(CPLGetErrorHandlerUserData());
    if (level < CE_Failure || self == nullptr) return;
    if (self->message_.empty()) self->message_ = msg ? msg : "unknown GDAL error";
  }
  std::string message_;
};

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

}  // namespace gatemap::exporter
