// QR codes drawn as textures (libqrencode): the receipt's status URL, one texture per payload.
#pragma once

#include <map>
#include <string>

#include <imgui.h>

struct SDL_Renderer;
struct SDL_Texture;

namespace ui {

class QrTextures {
 public:
  explicit QrTextures(SDL_Renderer* renderer) : renderer_(renderer) {}
  ~QrTextures();
  QrTextures(const QrTextures&) = delete;
  QrTextures& operator=(const QrTextures&) = delete;

  // The code for `text` at error correction M, with a 4-module quiet zone, one pixel per module
  // (draw it scaled: the texture uses nearest-neighbour sampling). nullptr when it cannot be made.
  [[nodiscard]] ImTextureID get(const std::string& text);
  void clear();  // the session ended: no receipt stays in video memory

 private:
  SDL_Renderer* renderer_;
  std::map<std::string, SDL_Texture*> cache_;
};

}  // namespace ui
