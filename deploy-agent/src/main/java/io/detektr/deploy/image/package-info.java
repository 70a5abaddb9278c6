/** Image build and push with jib-core, tagged with the git commit and latest. */
package io.detektr.deploy.image;
