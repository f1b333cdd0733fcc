// The baseline the startup bench compares against: the textbook SDL2 + Dear ImGui + OpenGL3 loop,
// spinning with SDL_PollEvent, a 48 px Noto Sans atlas with the Vietnamese ranges and ImGui's
// default oversampling. Prints "first_frame" after the first SDL_GL_SwapWindow.
#include <cstdio>
#include <initializer_list>

#include <SDL.h>
#include <SDL_opengl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui.h>

int main() {
  if (SDL_Init(SDL_INIT_VIDEO) != 0) return 1;
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_Window* window = SDL_CreateWindow("naive", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                        1080, 1920, SDL_WINDOW_OPENGL);
  if (!window) return 1;
  SDL_GLContext gl = SDL_GL_CreateContext(window);
  SDL_GL_MakeCurrent(window, gl);
  SDL_GL_SetSwapInterval(0);
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->AddFontFromFileTTF(FONT_FILE, 48.0f, nullptr, io.Fonts->GetGlyphRangesVietnamese());
  ImGui_ImplSDL2_InitForOpenGL(window, gl);
  ImGui_ImplOpenGL3_Init("#version 130");
  bool first = true, running = true;
  while (running) {
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
      ImGui_ImplSDL2_ProcessEvent(&e);
      if (e.type == SDL_QUIT) running = false;
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("home", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::TextUnformatted("Trung tâm Phục vụ hành chính công");
    for (const char* label : {"Yêu cầu giải trình", "Tra cứu hồ sơ", "Đánh giá mức độ hài lòng",
                              "Thông tin cơ quan, thủ tục"})
      ImGui::Button(label, {-1, 300});
    ImGui::End();
    ImGui::Render();
    glViewport(0, 0, int(io.DisplaySize.x), int(io.DisplaySize.y));
    glClearColor(0.95f, 0.96f, 0.97f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    SDL_GL_SwapWindow(window);
    if (first) {
      std::printf("first_frame\n");
      std::fflush(stdout);
      first = false;
    }
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(gl);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return 0;
}
