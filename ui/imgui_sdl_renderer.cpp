#include "imgui_sdl_renderer.hpp"

#include <cstddef>
#include <cstdio>
#include <cstdlib>

namespace ui {

ImGuiSdlRenderer::~ImGuiSdlRenderer() {
  if (font_texture_) SDL_DestroyTexture(font_texture_);
  ImGui::GetIO().Fonts->SetTexID(nullptr);
}

bool ImGuiSdlRenderer::upload_fonts(std::string& error) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  atlas->GetTexDataAsRGBA32(&pixels, &w, &h);
  if (std::getenv("KIOSK_DEBUG_ATLAS")) std::fprintf(stderr, "atlas %dx%d glyphs\n", w, h);
  if (font_texture_) SDL_DestroyTexture(font_texture_);
  font_texture_ =
      SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, w, h);
  if (!font_texture_) {
    error = std::string("cannot create the font texture: ") + SDL_GetError();
    return false;
  }
  SDL_UpdateTexture(font_texture_, nullptr, pixels, w * 4);
  SDL_SetTextureBlendMode(font_texture_, SDL_BLENDMODE_BLEND);
  atlas->SetTexID(static_cast<ImTextureID>(font_texture_));
  atlas->ClearTexData();  // the texture holds the pixels now
  return true;
}

void ImGuiSdlRenderer::render(const ImDrawData* data) {
  if (!data || data->CmdListsCount == 0) return;
  const ImVec2 origin = data->DisplayPos;
  const ImVec2 scale = data->FramebufferScale;
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList* list = data->CmdLists[n];
    const ImDrawVert* vertices = list->VtxBuffer.Data;
    const ImDrawIdx* indices = list->IdxBuffer.Data;
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) {
        cmd.UserCallback(list, &cmd);
        continue;
      }
      const ImVec2 clip_min{(cmd.ClipRect.x - origin.x) * scale.x,
                            (cmd.ClipRect.y - origin.y) * scale.y};
      const ImVec2 clip_max{(cmd.ClipRect.z - origin.x) * scale.x,
                            (cmd.ClipRect.w - origin.y) * scale.y};
      if (clip_max.x <= clip_min.x || clip_max.y <= clip_min.y) continue;
      const SDL_Rect clip{int(clip_min.x), int(clip_min.y), int(clip_max.x - clip_min.x),
                          int(clip_max.y - clip_min.y)};
      SDL_RenderSetClipRect(renderer_, &clip);

      const ImDrawVert* first = vertices + cmd.VtxOffset;
      const auto* base = reinterpret_cast<const unsigned char*>(first);
      SDL_RenderGeometryRaw(
          renderer_, static_cast<SDL_Texture*>(cmd.GetTexID()),
          reinterpret_cast<const float*>(base + offsetof(ImDrawVert, pos)), sizeof(ImDrawVert),
          reinterpret_cast<const SDL_Color*>(base + offsetof(ImDrawVert, col)), sizeof(ImDrawVert),
          reinterpret_cast<const float*>(base + offsetof(ImDrawVert, uv)), sizeof(ImDrawVert),
          list->VtxBuffer.Size - int(cmd.VtxOffset), indices + cmd.IdxOffset, int(cmd.ElemCount),
          sizeof(ImDrawIdx));
    }
  }
  SDL_RenderSetClipRect(renderer_, nullptr);
}

}  // namespace ui
