/** Small pieces shared by every Skiff module: clocks, limits, JSON, message properties. */
package dev.skiff.common;
