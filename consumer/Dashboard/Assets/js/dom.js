// Small DOM helpers. Text always goes in as text, never as HTML: key names are the user's own input.

/** An element with attributes (class, aria-*, data-*, properties) and children (nodes or strings). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'class') {
      element.className = value;
    } else if (name === 'text') {
      element.textContent = value;
    } else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return element;
}

/** Shows a message in an element (hidden when empty), as an error or not. */
export function say(element, message, isError = false) {
  element.textContent = message ?? '';
  element.hidden = !message;
  element.classList.toggle('error', Boolean(message) && isError);
}
