#include "receipt_render.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <qrencode.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "utf8.hpp"

namespace device {

using kiosk::BlockStyle;
using kiosk::PrintBlock;
using kiosk::Printout;

namespace {

struct Glyph {
  int width = 0, rows = 0, left = 0, top = 0, advance = 0;
  std::vector<std::uint8_t> coverage;
};

struct TextStyle {
  int px = 0;
  bool bold = false;
};

TextStyle style_of(BlockStyle s, Paper paper) {
  const bool wide = paper == Paper::Mm80;
  switch (s) {
    case BlockStyle::Heading: return {wide ? 30 : 26, true};
    case BlockStyle::Code: return {wide ? 60 : 46, true};
    case BlockStyle::Label: return {wide ? 25 : 22, true};
    case BlockStyle::Small: return {wide ? 21 : 19, false};
    default: return {wide ? 25 : 22, false};
  }
}

constexpr int kMargin = 4;     // dots kept clear at each side of the printable width
constexpr int kCoverage = 96;  // of 255: darker than this prints (thermal dots spread a little)

int line_height(int px) {
  return int(std::lround(px * 1.5));
}
int baseline(int px) {
  return int(std::lround(px * 1.17));
}  // room for stacked marks: Ẫ, Ổ

}  // namespace

struct PrintFonts::Impl {
  FT_Library library = nullptr;
  FT_Face regular = nullptr, bold = nullptr;
  std::map<std::tuple<bool, int, char32_t>, Glyph> cache;

  ~Impl() {
    if (regular) FT_Done_Face(regular);
    if (bold) FT_Done_Face(bold);
    if (library) FT_Done_FreeType(library);
  }

  const Glyph& glyph(TextStyle st, char32_t cp) {
    const auto key = std::make_tuple(st.bold, st.px, cp);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    Glyph g;
    FT_Face face = st.bold ? bold : regular;
    if (FT_Set_Pixel_Sizes(face, 0, FT_UInt(st.px)) == 0) {
      FT_UInt index = FT_Get_Char_Index(face, cp);
      if (index == 0) index = FT_Get_Char_Index(face, U'?');
      if (FT_Load_Glyph(face, index, FT_LOAD_RENDER) == 0) {
        const FT_GlyphSlot slot = face->glyph;
        const FT_Bitmap& bm = slot->bitmap;
        g.width = int(bm.width);
        g.rows = int(bm.rows);
        g.left = slot->bitmap_left;
        g.top = slot->bitmap_top;
        g.advance = int(slot->advance.x >> 6);
        g.coverage.resize(std::size_t(g.width) * g.rows);
        for (int y = 0; y < g.rows; ++y)
          for (int x = 0; x < g.width; ++x)
            g.coverage[std::size_t(y) * g.width + x] = bm.buffer[y * bm.pitch + x];
      }
    }
    return cache.emplace(key, std::move(g)).first->second;
  }

  int measure(TextStyle st, const std::vector<char32_t>& cps) {
    int w = 0;
    for (char32_t c : cps) w += glyph(st, c).advance;
    return w;
  }
};

PrintFonts::PrintFonts(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PrintFonts::~PrintFonts() = default;

std::expected<std::unique_ptr<PrintFonts>, std::string> PrintFonts::open(
    const std::string& fonts_dir) {
  auto impl = std::make_unique<Impl>();
  if (FT_Init_FreeType(&impl->library) != 0) return std::unexpected("FreeType did not start");
  const std::string regular = fonts_dir + "/NotoSans-Regular.ttf";
  const std::string bold = fonts_dir + "/NotoSans-Bold.ttf";
  if (FT_New_Face(impl->library, regular.c_str(), 0, &impl->regular) != 0)
    return std::unexpected("cannot open " + regular);
  if (FT_New_Face(impl->library, bold.c_str(), 0, &impl->bold) != 0)
    return std::unexpected("cannot open " + bold);
  return std::unique_ptr<PrintFonts>(new PrintFonts(std::move(impl)));
}

QrModules encode_qr(const std::string& text) {
  QrModules out;
  QRcode* qr = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  if (!qr) return out;
  out.size = qr->width;
  out.dark.resize(std::size_t(qr->width) * qr->width);
  for (std::size_t i = 0; i < out.dark.size(); ++i) out.dark[i] = qr->data[i] & 1;
  QRcode_free(qr);
  return out;
}

namespace {

struct Rule {
  int y;
};
struct QrPlacement {
  int x = 0, y = 0, module = 0;
  QrModules modules;
};
struct Layout {
  std::vector<LaidLine> lines;
  std::vector<Rule> rules;
  QrPlacement qr;
  int height = 0;
};

std::vector<char32_t> decode(const std::string& text) {
  std::vector<char32_t> cps;
  if (!kiosk::decode_utf8(text, cps)) {  // never draw garbage: replace what does not decode
    cps.clear();
    for (unsigned char c : text) cps.push_back(c < 0x80 ? c : U'?');
  }
  return cps;
}

std::string encode(const std::vector<char32_t>& cps, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) kiosk::append_utf8(out, cps[i]);
  return out;
}

// Greedy wrapping at spaces; a word wider than the line is broken between letters.
std::vector<std::pair<std::string, int>> wrap(PrintFonts::Impl& f, TextStyle st,
                                              const std::string& text, int max_width) {
  std::vector<std::pair<std::string, int>> out;
  const std::vector<char32_t> cps = decode(text);
  const int space = f.glyph(st, U' ').advance;
  std::vector<char32_t> line;
  int line_w = 0;
  auto flush = [&] {
    out.emplace_back(encode(line, 0, line.size()), line_w);
    line.clear();
    line_w = 0;
  };
  std::size_t i = 0;
  while (i < cps.size()) {
    if (cps[i] == U' ') {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < cps.size() && cps[end] != U' ') ++end;
    std::vector<char32_t> word(cps.begin() + std::ptrdiff_t(i), cps.begin() + std::ptrdiff_t(end));
    const int word_w = f.measure(st, word);
    const int need = line.empty() ? word_w : line_w + space + word_w;
    if (need <= max_width) {
      if (!line.empty()) {
        line.push_back(U' ');
        line_w += space;
      }
      line.insert(line.end(), word.begin(), word.end());
      line_w += word_w;
    } else if (word_w <= max_width) {
      flush();
      line = word;
      line_w = word_w;
    } else {  // a long URL or name: break it where the line is full
      if (!line.empty()) flush();
      for (char32_t c : word) {
        const int cw = f.glyph(st, c).advance;
        if (line_w + cw > max_width && !line.empty()) flush();
        line.push_back(c);
        line_w += cw;
      }
    }
    i = end;
  }
  if (!line.empty() || out.empty()) flush();
  return out;
}

// Lays blocks from y down in a column [x, x + width); returns the y below them.
int lay_blocks(PrintFonts::Impl& f, const std::vector<PrintBlock>& blocks, Paper paper, int x,
               int width, int y, Layout& out) {
  for (const PrintBlock& b : blocks) {
    if (b.style == BlockStyle::Rule) {
      out.rules.push_back({y + 8});
      y += 18;
      continue;
    }
    TextStyle st = style_of(b.style, paper);
    if (b.style == BlockStyle::Gap) {
      y += 2 * st.px;
      continue;
    }
    if (b.style == BlockStyle::Label) y += st.px / 4;
    if (b.style == BlockStyle::Code) {  // a case code is never broken: smaller until it fits
      while (st.px > 16 && f.measure(st, decode(b.text)) > width) st.px -= 2;
    }
    for (auto& [text, w] : wrap(f, st, b.text, width)) {
      LaidLine line;
      line.style = b.style;
      line.pixel_size = st.px;
      line.width = w;
      line.max_width = width;
      line.x = b.centred ? x + std::max(0, (width - w) / 2) : x;
      line.y = y;
      line.text = std::move(text);
      out.lines.push_back(std::move(line));
      y += line_height(st.px);
    }
  }
  return y;
}

Layout layout_of(const Printout& p, PrintFonts& fonts, Paper paper) {
  PrintFonts::Impl& f = fonts.impl();
  Layout out;
  const int paper_w = paper_dots(paper);
  int y = 0;
  if (!p.qr.empty()) {
    out.qr.modules = encode_qr(p.qr);
    if (out.qr.modules.size > 0) {
      // 5 dots a module on 80 mm, 4 on 58 mm (0.6 / 0.5 mm: any scanner reads it); the quiet zone
      // of 4 modules is part of the raster, so the QR reads even where the paper's margin is thin.
      out.qr.module = paper == Paper::Mm80 ? 5 : 4;
      const int quiet = 4 * out.qr.module;
      out.qr.x = quiet;
      out.qr.y = quiet;
      const int qr_right = quiet + out.qr.modules.size * out.qr.module + quiet;
      const int beside_x = qr_right + 4;
      const int below_qr = qr_right;  // square: as tall as wide
      const int beside_end =
          lay_blocks(f, p.beside, paper, beside_x, paper_w - beside_x - kMargin, quiet - 6, out);
      y = std::max(below_qr, beside_end);
    }
  }
  if (out.qr.modules.size == 0)
    y = lay_blocks(f, p.beside, paper, kMargin, paper_w - 2 * kMargin, 8, out);
  y = lay_blocks(f, p.blocks, paper, kMargin, paper_w - 2 * kMargin, y, out);
  out.height = y + 16;
  return out;
}

void draw_text(PrintFonts::Impl& f, Raster& r, const LaidLine& line) {
  const bool bold = line.style == BlockStyle::Heading || line.style == BlockStyle::Code ||
                    line.style == BlockStyle::Label;
  const TextStyle st{line.pixel_size, bold};
  int pen = line.x;
  const int base = line.y + baseline(st.px);
  for (char32_t c : decode(line.text)) {
    const Glyph& g = f.glyph(st, c);
    for (int gy = 0; gy < g.rows; ++gy)
      for (int gx = 0; gx < g.width; ++gx)
        if (g.coverage[std::size_t(gy) * g.width + gx] > kCoverage)
          r.set(pen + g.left + gx, base - g.top + gy);
    pen += g.advance;
  }
}

}  // namespace

void warm_up(PrintFonts& fonts, Paper paper) {
  kiosk::Printout p = kiosk::test_page_printout({}, "", "");
  std::vector<PrintBlock> every_style;
  const std::string latin =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 "
      ".,:;-–()/*?!\"'@#%&+=_";
  for (BlockStyle s :
       {BlockStyle::Heading, BlockStyle::Label, BlockStyle::Body, BlockStyle::Small}) {
    every_style.push_back({s, latin, false});
    for (const PrintBlock& b : p.blocks) every_style.push_back({s, b.text, false});
  }
  // A case code is drawn at full size when it fits: short pieces keep that size.
  for (const char* piece : {"ABCDEFGH", "IJKLMNOP", "QRSTUVWX", "YZ-01234", "56789"})
    every_style.push_back({BlockStyle::Code, piece, false});
  p.blocks = std::move(every_style);
  (void)layout_of(p, fonts, paper);
}

std::vector<LaidLine> lay_out(const Printout& p, PrintFonts& fonts, Paper paper) {
  return layout_of(p, fonts, paper).lines;
}

Raster render_printout(const Printout& p, PrintFonts& fonts, Paper paper) {
  const Layout layout = layout_of(p, fonts, paper);
  Raster r(paper_dots(paper), layout.height);
  const QrPlacement& qr = layout.qr;
  for (int my = 0; my < qr.modules.size; ++my)
    for (int mx = 0; mx < qr.modules.size; ++mx)
      if (qr.modules.dark[std::size_t(my) * qr.modules.size + mx])
        r.fill(qr.x + mx * qr.module, qr.y + my * qr.module, qr.module, qr.module);
  for (const Rule& rule : layout.rules) r.fill(kMargin, rule.y, r.width - 2 * kMargin, 2);
  for (const LaidLine& line : layout.lines) draw_text(fonts.impl(), r, line);
  return r;
}

}  // namespace device
