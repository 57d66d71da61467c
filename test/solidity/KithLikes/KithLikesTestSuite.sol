// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";

import {IKithAppKeys} from "../../../contracts/interfaces/IKithAppKeys.sol";
import {IKithPosts} from "../../../contracts/interfaces/IKithPosts.sol";
import {IKithProfiles} from "../../../contracts/interfaces/IKithProfiles.sol";
import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {Scopes} from "../../../contracts/libraries/Scopes.sol";
import {KithSigningTestSuite} from "../KithSigningTestSuite.sol";
import {TypedData} from "../TypedData.sol";

/// @notice Setup and signing helpers for likes: alice (id 1) and bob (id 2) with a post each, and
///         carol (id 3) registered after them.
abstract contract KithLikesTestSuite is KithSigningTestSuite {
    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    uint256 internal alicePostId;
    uint256 internal bobPostId;
    uint256 internal carolPostId;
    /// @dev The first id no profile has.
    uint256 internal unregisteredId;

    /// @dev A deadline an hour after the start.
    uint256 internal deadline;

    /*//////////////////////////////////////////////////////////////
                                  SETUP
    //////////////////////////////////////////////////////////////*/

    function setUp() public virtual override {
        super.setUp();
        aliceId = _register(alice, "alice");
        bobId = _register(bob, "bob");
        alicePostId = _post(aliceId, CONTENT_HASH);
        bobPostId = _post(bobId, CONTENT_HASH);
        carolId = _register(carol, "carol");
        carolPostId = _post(carolId, CONTENT_HASH);
        unregisteredId = kith.profileCount() + 1;
        deadline = START_TIME + 1 hours;
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev `LIKE_TYPE` or `UNLIKE_TYPE`, signed by `signerPk` over its next default-lane nonce on
    ///      Kith, in the domain Kith reports (`eip712Domain()`).
    function _signReaction(string memory typeString, uint256 signerPk, uint256 profileId, uint256 postId)
        internal
        view
        returns (IKithSignatures.SignedAuth memory)
    {
        uint256 nonce = kith.nonces(vm.addr(signerPk), 0);
        bytes32 structHash = keccak256(abi.encode(keccak256(bytes(typeString)), profileId, postId, nonce, deadline));
        bytes32 separator = TypedData.domainSeparator(IERC5267(address(kith)));
        return TypedData.sign(signerPk, separator, structHash, nonce, deadline);
    }

    function _likeFor(uint256 profileId, uint256 postId, IKithSignatures.SignedAuth memory auth) internal {
        vm.prank(relayer);
        kith.likeFor(profileId, postId, auth);
    }

    function _unlikeFor(uint256 profileId, uint256 postId, IKithSignatures.SignedAuth memory auth) internal {
        vm.prank(relayer);
        kith.unlikeFor(profileId, postId, auth);
    }

    function _expectLiked(uint256 postId, uint256 profileId, address actor) internal {
        vm.expectEmit(address(kith));
        emit IKithPosts.Liked(postId, profileId, actor);
    }

    function _expectUnliked(uint256 postId, uint256 profileId, address actor) internal {
        vm.expectEmit(address(kith));
        emit IKithPosts.Unliked(postId, profileId, actor);
    }

    function _notAuthorized(uint256 profileId, address caller) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, profileId, caller);
    }

    function _outOfReactScope(uint256 profileId, address key) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithAppKeys.AppKeyOutOfScope.selector, profileId, key, Scopes.REACT);
    }

    function _unknownPost(uint256 postId) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithPosts.UnknownPost.selector, postId);
    }
}
