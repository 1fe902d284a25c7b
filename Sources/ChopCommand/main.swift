import Chop
print(FloatFormat.e4m3fn.greatestFiniteMagnitude)
