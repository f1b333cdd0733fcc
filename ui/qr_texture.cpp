#include "qr_texture.hpp"

#include <SDL.h>
#include <qrencode.h>

#include <vector>

namespace ui {

QrTextures::~QrTextures() {
  clear();
}

void QrTextures::clear() {
  for (auto& [text, tex] : cache_) SDL_DestroyTexture(tex);
  cache_.clear();
}

ImTextureID QrTextures::get(const std::string& text) {
  if (auto it = cache_.find(text); it != cache_.end()) return it->second;
  QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!code) return nullptr;
  constexpr int kQuiet = 4;
  const int side = code->width + 2 * kQuiet;
  std::vector<Uint32> pixels(std::size_t(side) * std::size_t(side), 0xFFFFFFFFu);
  for (int y = 0; y < code->width; ++y)
    for (int x = 0; x < code->width; ++x)
      if (code->data[y * code->width + x] & 1)
        pixels[std::size_t(y + kQuiet) * std::size_t(side) + std::size_t(x + kQuiet)] = 0xFF000000u;
  QRcode_free(code);
  SDL_Texture* tex =
      SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, side, side);
  if (!tex) return nullptr;
  SDL_SetTextureScaleMode(tex, SDL_ScaleModeNearest);
  SDL_UpdateTexture(tex, nullptr, pixels.data(), side * int(sizeof(Uint32)));
  cache_[text] = tex;
  return tex;
}

}  // namespace ui
