// voicesim report: decode each embedded recording into a Blob URL, play from a clicked word,
// and follow the word being spoken. No network, no eval, no HTML built from strings.
(function () {
  "use strict";
  function toBlobUrl(b64, mime) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return URL.createObjectURL(new Blob([bytes], { type: mime }));
  }
  document.querySelectorAll("section.answer").forEach(function (section) {
    var audio = section.querySelector("audio");
    var data = section.querySelector("script.audio-data");
    var words = Array.prototype.slice.call(section.querySelectorAll(".transcript .w"));
    if (!audio || !data) return;
    audio.src = toBlobUrl(data.textContent.trim(), data.getAttribute("data-mime"));
    section.querySelector(".transcript").addEventListener("click", function (event) {
      var word = event.target.closest(".w");
      if (!word) return;
      audio.currentTime = parseFloat(word.getAttribute("data-start"));
      var playing = audio.play();
      if (playing && playing.catch) playing.catch(function () {});
    });
    var current = null;
    audio.addEventListener("timeupdate", function () {
      var t = audio.currentTime, found = null;
      for (var i = 0; i < words.length; i++) {
        if (parseFloat(words[i].getAttribute("data-start")) <= t) found = words[i]; else break;
      }
      if (found !== current) {
        if (current) current.classList.remove("now");
        if (found) found.classList.add("now");
        current = found;
      }
    });
  });
})();
