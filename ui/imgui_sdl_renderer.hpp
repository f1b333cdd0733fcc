// Draws ImGui's draw lists with SDL_Renderer (SDL_RenderGeometryRaw). Written here because Debian's
// libimgui-dev 1.86 ships the SDL_Renderer backend's header but not its object. SDL_Renderer picks
// OpenGL / GLES2 where a GPU is present and falls back to its software rasteriser, so the same code
// runs on a terminal's GPU and on a technician's laptop without one.
#pragma once

#include <string>

#include <SDL.h>
#include <imgui.h>

namespace ui {

class ImGuiSdlRenderer {
 public:
  explicit ImGuiSdlRenderer(SDL_Renderer* renderer) : renderer_(renderer) {}
  ~ImGuiSdlRenderer();
  ImGuiSdlRenderer(const ImGuiSdlRenderer&) = delete;
  ImGuiSdlRenderer& operator=(const ImGuiSdlRenderer&) = delete;

  // Uploads the current font atlas as a texture, then frees the atlas' CPU copies.
  [[nodiscard]] bool upload_fonts(std::string& error);
  void render(const ImDrawData* data);

 private:
  SDL_Renderer* renderer_;
  SDL_Texture* font_texture_ = nullptr;
};

}  // namespace ui
