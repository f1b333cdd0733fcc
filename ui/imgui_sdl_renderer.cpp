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
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_BLEND);
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
      const int vertex_count = list->VtxBuffer.Size - int(cmd.VtxOffset);
      const ImDrawIdx* idx = indices + cmd.IdxOffset;
      auto draw = [&](SDL_Texture* texture, unsigned from, unsigned count) {
        const auto* base = reinterpret_cast<const unsigned char*>(first);
        SDL_RenderGeometryRaw(
            renderer_, texture, reinterpret_cast<const float*>(base + offsetof(ImDrawVert, pos)),
            sizeof(ImDrawVert),
            reinterpret_cast<const SDL_Color*>(base + offsetof(ImDrawVert, col)),
            sizeof(ImDrawVert),
            texture ? reinterpret_cast<const float*>(base + offsetof(ImDrawVert, uv)) : nullptr,
            texture ? int(sizeof(ImDrawVert)) : 0, vertex_count, idx + from, int(count),
            sizeof(ImDrawIdx));
      };
      auto* texture = static_cast<SDL_Texture*>(cmd.GetTexID());
      if (texture != font_texture_) {
        draw(texture, 0, cmd.ElemCount);
        continue;
      }
      // Shapes sample the atlas' white pixel; drawn untextured they cost a rasteriser such as
      // llvmpipe or SDL's software renderer much less per pixel. Runs keep the drawing order.
      auto solid = [&](unsigned t) {
        for (unsigned k = 0; k < 3; ++k) {
          const ImVec2 uv = first[idx[t + k]].uv;
          if (uv.x != white.x || uv.y != white.y) return false;
        }
        return true;
      };
      unsigned run_start = 0;
      bool run_solid = cmd.ElemCount > 0 && solid(0);
      for (unsigned t = 3; t <= cmd.ElemCount; t += 3) {
        const bool end = t == cmd.ElemCount;
        const bool s_t = !end && solid(t);
        if (end || s_t != run_solid) {
          draw(run_solid ? nullptr : texture, run_start, t - run_start);
          run_start = t;
          run_solid = s_t;
        }
      }
    }
  }
  SDL_RenderSetClipRect(renderer_, nullptr);
}

}  // namespace ui
