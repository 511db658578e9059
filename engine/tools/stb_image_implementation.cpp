// stb_image compiled from its header, for machines without Debian's libstb (see engine/CMakeLists.txt).
#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>
