import sys
print("build")
