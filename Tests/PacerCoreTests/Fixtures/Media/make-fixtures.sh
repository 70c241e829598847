#!/usr/bin/env bash
# How the image fixtures were made (Debian 12: imagemagick 6.9.11, webp 1.2.4, ExifTool 12.57):
# small real images, then location, device, comment and XMP metadata written by ExifTool, the way
# a phone or a camera would. Run in this directory to make them anew (the bytes will differ).
set -euo pipefail
convert=/usr/bin/convert  # ImageMagick's, not another program of that name earlier in PATH

"$convert" -seed 7 -size 64x48 plasma:fractal -blur 0x1 -quality 85 -strip phone-photo.jpg
exiftool -q -overwrite_original -Make="Google" -Model="Pixel 8" -SerialNumber="38A1XY0042" \
  -LensModel="Pixel 8 back camera" -Software="HDR+ 1.0.5" -Orientation#=6 \
  -GPSLatitude=52.516272 -GPSLatitudeRef=N -GPSLongitude=13.377722 -GPSLongitudeRef=E -GPSAltitude=34 \
  -Comment="Brandenburger Tor, test fixture" -XMP-dc:Title="At the gate" \
  -XMP-exif:GPSLatitude=52.516272 -XMP-exif:GPSLongitude=13.377722 -XMP-tiff:Make=Google \
  -XMP-tiff:Model="Pixel 8" -IPTC:City=Berlin -IPTC:By-line="A. Person" phone-photo.jpg

"$convert" -seed 9 -size 48x32 plasma:fractal -strip -profile /usr/share/color/icc/ghostscript/srgb.icc \
  -quality 80 -interlace JPEG progressive-icc.jpg
exiftool -q -overwrite_original -ExifByteOrder=II -Make="Apple" -Model="iPhone 15 Pro" -Orientation#=1 \
  -GPSLatitude=37.33 -GPSLatitudeRef=N -GPSLongitude=122.0 -GPSLongitudeRef=W -BodySerialNumber=F17XK progressive-icc.jpg

"$convert" -seed 11 -size 40x30 plasma:fractal -depth 8 -strip chart.png
exiftool -q -overwrite_original -PNG:Comment="Taken at home" -PNG:Author="A. Person" -XMP-dc:Title="Chart" \
  -XMP-exif:GPSLatitude=48.1 -XMP-exif:GPSLongitude=11.5 -XMP-tiff:Make=Apple -Make=Apple -Model="iPhone 15" \
  -GPSLatitude=48.137 -GPSLatitudeRef=N -GPSLongitude=11.575 -GPSLongitudeRef=E -Orientation#=6 \
  -PNG:ModifyDate="2026:01:01 10:00:00" chart.png

"$convert" -seed 3 -size 24x16 plasma:fractal -seed 4 -size 24x16 plasma:fractal -colors 16 -delay 20 -loop 0 -strip loop.gif
exiftool -q -overwrite_original -Comment="Made on my laptop" -XMP-dc:Title="Loop" -XMP-exif:GPSLatitude=40.7 \
  -XMP-exif:GPSLongitude=-74.0 -XMP-tiff:Make=Canon -XMP-tiff:Model="EOS R5" loop.gif

"$convert" -seed 5 -size 32x24 plasma:fractal webp-source.png
cwebp -quiet -q 80 -metadata none webp-source.png -o photo.webp && rm webp-source.png
exiftool -q -overwrite_original -Make=Sony -Model="ILCE-7M4" -GPSLatitude=35.68 -GPSLatitudeRef=N \
  -GPSLongitude=139.76 -GPSLongitudeRef=E -XMP-dc:Title="Tokyo" -XMP-exif:GPSLatitude=35.68 -XMP-tiff:Make=Sony photo.webp
