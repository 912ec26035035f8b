// Progressive enhancement of the new-connector form: shows only the credential fieldset of the
// chosen driver and picks the authentication that driver needs. Without this script every
// fieldset stays visible and the server checks the same rules, so the form works either way.
(function () {
  const form = document.querySelector('form[data-connector-form]');
  if (!form) return;
  const driver = form.querySelector('#driver');
  const authKind = form.querySelector('#authKind');

  function apply() {
    const chosen = driver.value;
    for (const fieldset of form.querySelectorAll('fieldset[data-driver]')) {
      const matches = fieldset.dataset.driver === chosen;
      fieldset.hidden = !matches;
      // Hidden fields still post; disabling them keeps another driver's leftovers out of the body.
      for (const input of fieldset.querySelectorAll('input, textarea')) input.disabled = !matches;
    }
    const option = driver.selectedOptions[0];
    if (option && option.dataset.authKind) authKind.value = option.dataset.authKind;
  }

  driver.addEventListener('change', apply);
  apply();
})();
